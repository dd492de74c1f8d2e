package org.ptpmesh.peer;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.OptionalLong;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.messages.Received;
import org.ptpmesh.nat.NatClassifier;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.DropCounters;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.portmap.PortMapTimer;
import org.ptpmesh.portmap.PortMapper;
import org.ptpmesh.portmap.PortMapping;
import org.ptpmesh.portmap.UpnpOutcome;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.KeepaliveAction;
import org.ptpmesh.trace.NatTraversalAction;
import org.ptpmesh.trace.Tracer;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;
import org.ptpmesh.wire.Timestamps;

/**
 * The introducer design's Peer as a sans-IO state machine: NAT classification through two
 * introducers and a test port, introductions, punching by NAT pair (direct, birthday, LAN, relay),
 * relay-first application data that moves to the direct path once confirmed and back when it fails,
 * keepalive and the peer states. Every protocol step is one trace event named as in spec/.
 * With a gateway in its config it also asks for a port mapping ({@link PortMapper}): once granted
 * and the NAT classified, it is Static to everyone (docs/peer.md, "Port mapping").
 *
 * <p>Single-threaded: the driver calls one method at a time.
 */
public final class Peer implements Node, Punching.LocalNat {

    final PeerConfig config;
    final PeerId self;
    final long restart;
    private final DecodedDatagram decoder = new DecodedDatagram();
    final DropCounters drops = new DropCounters();
    final Tracer tracer;

    NatType nat = NatType.UNKNOWN;
    Endpoint publicAddress;
    Endpoint lanAddress;
    private NatClassifier classifier;
    /** Introducers that have not answered since the NAT type was reported to them. */
    private final Set<PeerId> unreported = new LinkedHashSet<>();
    private int reportRetries;
    private long nextKeepalive;
    final RemotePeers remotes;
    private final AppMessages messages;
    private final Punching punching;
    /** Null when the config names no gateway to ask. */
    private final PortMapper portMapper;
    /** The mapping in force, announced in every ping; null when there is none. */
    private PortMapping portMapping;

    /**
     * The introducer design's constructor(config, timestamp).
     *
     * @param restartMillis this start's time, sent as RESTART
     * @param random        the birthday strategy's port choices (seeded in the simulator)
     */
    public Peer(PeerConfig config, PeerId self, long restartMillis, RandomGenerator random, AppDataListener listener) {
        this.config = config;
        this.self = self;
        this.restart = restartMillis;
        this.tracer = new Tracer(config.name(), this::describeState);
        this.remotes = new RemotePeers(tracer);
        this.messages = new AppMessages(this, listener);
        this.punching = new Punching(config, self, this, remotes, tracer, random, drops, this::directPathConfirmed);
        introducer(config.introducerA(), restartMillis);
        introducer(config.introducerB(), restartMillis);
        this.portMapper = config.portMap() == null ? null
                : PortMapper.forPort(config.portMap(), config.localPort(), random, m -> portMapping = m, tracer);
    }

    private void introducer(PeerIdentity identity, long now) {
        RemotePeer r = remotes.addIntroducer(identity.peerId(), now);
        r.publicAddress = identity.endpoint();
        r.nat = NatType.STATIC;
    }

    // ---------------------------------------------------------------- lifecycle (seed: init, bind)

    @Override
    public void start(long now, Effects out) {
        out.bind(config.localPort());
        out.bind(config.testPort());
        // silence counts from here, as Keepalive.tla's from Init: before its sockets were bound the peer could
        // hear nothing, however long ago it was built
        remotes.get(config.introducerA().peerId()).lastAnswer = now;
        remotes.get(config.introducerB().peerId()).lastAnswer = now;
        tracer.step(out, now, DiagnosticEvent.START).param("localPort", config.localPort())
                .param("testPort", config.testPort()).log();
        classifier = new NatClassifier();
        // The driver reports the host's addresses right after start; pinging a moment later
        // lets the first pings carry the LAN address.
        out.setTimer(PeerTimer.Fixed.CALCULATE_NAT, now);
        nextKeepalive = now + config.keepAliveMillis();
        out.setTimer(PeerTimer.Fixed.KEEPALIVE, nextKeepalive);
        if (portMapper != null) {
            portMapper.start(now, out);
        }
    }

    /** Deletes the port mapping, if there is one: the last thing a peer does before its sockets close. */
    public void stop(long now, Effects out) {
        if (portMapper != null) {
            portMapper.stop(now, out);
            portMapping = null;
        }
    }

    @Override
    public void onAddressesChanged(List<InetAddress> addresses, long now, Effects out) {
        Endpoint before = lanAddress;
        lanAddress = ownFamilyAddress(addresses);
        if (before != null && !before.equals(lanAddress)) {
            tracer.step(out, now, DiagnosticEvent.INTERFACE_CHANGE).param("addresses", addresses.toString()).log();
            calculateNat(now, out, "interface change");
        }
    }

    /**
     * The host's first address in the family the peer works in (its introducers'), on the local
     * port; null if it has none. A LAN address of the other family would be useless to a sibling
     * peer, which punches in this family, and a dual-stack host lists both families.
     */
    private Endpoint ownFamilyAddress(List<InetAddress> addresses) {
        boolean ipv4 = config.introducerA().endpoint().isIpv4();
        for (InetAddress a : addresses) {
            if ((a.getAddress().length == 4) == ipv4) {
                return new Endpoint(a, config.localPort());
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- NAT check (calculateNat)

    /** The introducer design's calculateNat: forget the NAT type, ping both introducers, classify from the answers. */
    void calculateNat(long now, Effects out, String why) {
        nat = NatType.UNKNOWN;
        publicAddress = null;
        classifier = new NatClassifier();
        tracer.step(out, now, DiagnosticEvent.CALCULATE_NAT).param("reason", why).log();
        checkNat(config.introducerA(), now, out);
        checkNat(config.introducerB(), now, out);
        out.cancelTimer(PeerTimer.Fixed.CLASSIFY);
        out.cancelTimer(PeerTimer.Fixed.RETRY_REPORT);
        unreported.clear();
        out.setTimer(PeerTimer.Fixed.RETRY_PING, now + config.pingRetryMillis());
    }

    /** A NAT-check ping: the introducer answers with a PONG (our public address) and a TEST to the test port. */
    private void checkNat(PeerIdentity to, long now, Effects out) {
        sendPing(to, now, out);
        tracer.step(out, now, NatTraversalAction.SEND_PING).param("to", to.peerId().shortName()).log();
    }

    /** Every ping carries what the introducer keeps of us: NAT type, restart, test port, LAN address. */
    private void sendPing(PeerIdentity to, long now, Effects out) {
        out.send(config.localPort(), to.endpoint(), Messages.ping(self, nat(), restart, config.testPort(), lanAddress,
                Timestamps.fromMillis(now), null, announcedMapping()));
    }

    /** The introducer design's retryPing: pongs still missing, so ask again. */
    private void retryPing(long now, Effects out) {
        if (classifier.hasBothPongs()) {
            return;
        }
        tracer.step(out, now, DiagnosticEvent.RETRY_PING).log();
        checkNat(config.introducerA(), now, out);
        checkNat(config.introducerB(), now, out);
        out.setTimer(PeerTimer.Fixed.RETRY_PING, now + config.pingRetryMillis());
    }

    private void onPong(Received m, int localPort, Endpoint from, long now, Effects out) {
        // Introducers are known by where they listen: their configured id is only our label.
        RemotePeer remote = from.equals(config.introducerA().endpoint()) ? remotes.get(config.introducerA().peerId())
                : from.equals(config.introducerB().endpoint()) ? remotes.get(config.introducerB().peerId()) : null;
        if (remote == null || localPort != config.localPort()) {
            drops.count(PeerDropReason.UNEXPECTED_PONG);
            return;
        }
        boolean fromA = remote.id.equals(config.introducerA().peerId());
        OptionalLong cookie = m.message().uint(TlvTypes.MYTS);
        if (cookie.isPresent()) {
            answerChallenge(fromA ? config.introducerA() : config.introducerB(), cookie.getAsLong(), now, out);
            return;
        }
        Endpoint observed = m.address(TlvTypes.YOURADDR);
        unreported.remove(remote.id);
        if (nat != NatType.UNKNOWN && classifier.contradicts(fromA, observed)) {
            // What the NAT check found no longer holds: the NAT type is unknown again.
            tracer.step(out, now, NatTraversalAction.RECEIVE_PONG).param("from", remote.id.shortName())
                    .param("observed", observed.toString()).log();
            answered(remote, now, out);
            calculateNat(now, out, "nat unknown");
            return;
        }
        if (fromA) {
            classifier.pongFromA(observed);
        } else {
            classifier.pongFromB(observed);
        }
        if (publicAddress == null) {
            publicAddress = classifier.publicAddress();
        }
        tracer.step(out, now, NatTraversalAction.RECEIVE_PONG).param("from", remote.id.shortName())
                .param("observed", observed.toString()).log();
        answered(remote, now, out);
        if (nat == NatType.UNKNOWN && classifier.hasBothPongs()) {
            out.cancelTimer(PeerTimer.Fixed.RETRY_PING);
            out.setTimer(PeerTimer.Fixed.CLASSIFY, now + config.classifyWaitMillis());
        }
    }

    /**
     * The introducer has not validated our address yet (docs/protocol.md 6.3): it answers in full,
     * TEST included, once a ping echoes its cookie. That ping is no model step: the pong that
     * counts for the NAT check is the full one it brings.
     */
    private void answerChallenge(PeerIdentity introducer, long cookie, long now, Effects out) {
        out.send(config.localPort(), introducer.endpoint(), Messages.ping(self, nat(), restart, config.testPort(), lanAddress,
                Timestamps.fromMillis(now), cookie, announcedMapping()));
        tracer.step(out, now, DiagnosticEvent.ANSWER_CHALLENGE).param("to", introducer.peerId().shortName()).log();
    }

    private void onTest(Received m, int localPort, Endpoint from, long now, Effects out) {
        boolean fromIntroducerHost = from.address().equals(config.introducerA().endpoint().address())
                || from.address().equals(config.introducerB().endpoint().address());
        if (localPort != config.testPort() || !fromIntroducerHost) {
            drops.count(PeerDropReason.UNEXPECTED_TEST);
            return;
        }
        tracer.step(out, now, NatTraversalAction.RECEIVE_TEST).param("from", from.toString()).log();
        if (nat != NatType.UNKNOWN) {
            // Every ping (keepalives too) brings a TEST back: it only decides while classifying.
            return;
        }
        classifier.testReceived();
        classify(now, out);
    }

    private void classify(long now, Effects out) {
        NatType result = classifier.result();
        if (result == NatType.UNKNOWN || nat != NatType.UNKNOWN) {
            return;
        }
        nat = result;
        out.cancelTimer(PeerTimer.Fixed.CLASSIFY);
        out.cancelTimer(PeerTimer.Fixed.RETRY_PING);
        tracer.step(out, now, NatTraversalAction.CLASSIFY_NAT).param("nat", nat.name())
                .param("public", String.valueOf(publicAddress)).log();
        reportToIntroducers(now, out);
    }

    /**
     * The introducers keep what the last ping said: tell them the type (and mapping), introductions
     * depend on it, until each answers (a report lost on the way would leave it UNKNOWN there until
     * the next keepalive, and every introduction through it with the wrong strategy).
     */
    private void reportToIntroducers(long now, Effects out) {
        unreported.add(config.introducerA().peerId());
        unreported.add(config.introducerB().peerId());
        reportRetries = 0;
        reportNat(config.introducerA(), now, out);
        reportNat(config.introducerB(), now, out);
        out.setTimer(PeerTimer.Fixed.RETRY_REPORT, now + config.pingRetryMillis());
    }

    /** An introducer did not answer the ping that reported the NAT type: report it again, a few times at most. */
    private void retryReport(long now, Effects out) {
        if (unreported.isEmpty() || reportRetries++ >= config.keepAliveRetries()) {
            return;
        }
        for (PeerIdentity introducer : List.of(config.introducerA(), config.introducerB())) {
            if (unreported.contains(introducer.peerId())) {
                reportNat(introducer, now, out);
            }
        }
        out.setTimer(PeerTimer.Fixed.RETRY_REPORT, now + config.pingRetryMillis());
    }

    private void reportNat(PeerIdentity to, long now, Effects out) {
        sendPing(to, now, out);
        tracer.step(out, now, DiagnosticEvent.REPORT_NAT).param("to", to.peerId().shortName()).log();
    }

    // ---------------------------------------------------------------- datagrams (onMessage)

    @Override
    public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        onMessage(localPort, from, decoder.decode(data), now, out);
    }

    @Override
    public void onMessage(int localPort, Endpoint from, DecodedDatagram datagram, long now, Effects out) {
        if (portMapper != null && localPort == config.localPort() && portMapper.isGateway(from)) {
            onGatewayAnswer(datagram.bytes(), now, out);
            return;
        }
        Received.Outcome outcome = Received.of(datagram);
        if (outcome instanceof Received.Dropped d) {
            drops.count(d.reason());
            return;
        }
        Received m = ((Received.Accepted) outcome).message();
        if (m.message().has(TlvTypes.UUID) && m.sender().equals(self)) {
            drops.count(PeerDropReason.OWN_ID);
            return;
        }
        if (isPeerToPeer(m.kind()) && !sealedByItsKey(m.sender(), datagram)) {
            drops.count(PeerDropReason.NOT_SEALED_BY_PEER_KEY);
            return;
        }
        switch (m.kind()) {
            case PING -> onPing(m, localPort, from, now, out);
            case PONG -> onPong(m, localPort, from, now, out);
            case TEST -> onTest(m, localPort, from, now, out);
            case INTRO -> whenFromIntroducer(from, localPort, () -> punching.onIntro(m, now, out));
            case INTRO_ERROR -> whenFromIntroducer(from, localPort, () -> punching.onIntroError(m, now, out));
            case PUNCH -> punching.onPunch(m, localPort, from, now, out);
            case PUNCH_ACK -> punching.onPunchAck(m, localPort, from, now, out);
            case KEEPALIVE -> onKeepalive(m, localPort, from, now, out, false);
            case KEEPALIVE_ACK -> onKeepaliveAck(m, localPort, from, now, out, false);
            case RELAYED -> whenFromIntroducer(from, localPort, () -> onRelayed(m, datagram, now, out));
            case RELAY_ERROR -> whenFromIntroducer(from, localPort, () -> drops.count(PeerDropReason.RELAY_REFUSED));
            case DATA -> messages.onData(m, localPort, from, now, out, false);
            case DATA_ACK -> messages.onDataAck(m, localPort, from, now, out, false);
            default -> drops.count(PeerDropReason.UNEXPECTED_KIND);
        }
    }

    /** The kinds that travel on a direct path between peers. */
    private static boolean isPeerToPeer(MessageKind kind) {
        return switch (kind) {
            case PUNCH, PUNCH_ACK, KEEPALIVE, KEEPALIVE_ACK, DATA, DATA_ACK -> true;
            default -> false;
        };
    }

    /** Whether {@code datagram} of {@code sender} counts: sealed under the key its INTRO named, or its INTRO named none. */
    private boolean sealedByItsKey(PeerId sender, DecodedDatagram datagram) {
        RemotePeer remote = remotes.get(sender);
        return remote == null || remote.key == null || Arrays.equals(remote.key, datagram.authenticatedKey());
    }

    private void whenFromIntroducer(Endpoint from, int localPort, Runnable action) {
        if (localPort == config.localPort() && (from.equals(config.introducerA().endpoint()) || from.equals(config.introducerB().endpoint()))) {
            action.run();
        } else {
            drops.count(PeerDropReason.NOT_FROM_INTRODUCER);
        }
    }

    /** The introducer design's onPing: answer with a pong; a peer answers only peers it knows. */
    private void onPing(Received m, int localPort, Endpoint from, long now, Effects out) {
        RemotePeer remote = remotes.get(m.sender());
        if (remote == null || !(remote.isDirectFrom(localPort, from) || from.equals(remote.publicAddress))) {
            drops.count(PeerDropReason.PING_FROM_STRANGER);
            return;
        }
        out.send(localPort, from, Messages.pong(self, from, nat(), restart));
        tracer.step(out, now, DiagnosticEvent.RECEIVE_PING).param("from", remote.id.shortName()).log();
    }

    // ---------------------------------------------------------------- relay

    private void onRelayed(Received m, DecodedDatagram datagram, long now, Effects out) {
        byte[] inner = m.payload();
        Received.Outcome outcome = Received.parse(new DatagramView(), inner);
        if (outcome instanceof Received.Dropped d) {
            drops.count(d.reason().relayed());
            return;
        }
        Received innerMessage = ((Received.Accepted) outcome).message();
        if (!innerMessage.sender().equals(m.fromId())) {
            drops.count(PeerDropReason.RELAYED_ID_MISMATCH);
            return;
        }
        if (!sealedByItsKey(m.fromId(), datagram)) {
            // between keyed peers the session layer hands on only what it opened in their relayed
            // session (docs/protocol.md 6.9); anything else the relay could have written
            drops.count(PeerDropReason.NOT_SEALED_BY_PEER_KEY);
            return;
        }
        switch (innerMessage.kind()) {
            case DATA -> messages.onData(innerMessage, config.localPort(), null, now, out, true);
            case DATA_ACK -> messages.onDataAck(innerMessage, config.localPort(), null, now, out, true);
            case KEEPALIVE -> onKeepalive(innerMessage, config.localPort(), null, now, out, true);
            case KEEPALIVE_ACK -> onKeepaliveAck(innerMessage, config.localPort(), null, now, out, true);
            default -> drops.count(PeerDropReason.RELAYED_UNEXPECTED_KIND);
        }
    }

    /**
     * A peer we do not know reached us through the relay. The introducer relays only between
     * peers it introduced, so our INTRO was lost (or is late): answer on the relay, and ask for
     * an introduction of our own to look for a direct path.
     */
    RemotePeer relayContact(PeerId sender, long now, Effects out) {
        RemotePeer remote = remotes.learn(sender, now);
        remote.link.startRelay(now, out);
        connect(sender, now, out);
        return remote;
    }

    /** Sends {@code inner} to a peer through introducer A's relay. */
    void sendRelayed(PeerId target, byte[] inner, Effects out) {
        out.send(config.localPort(), config.introducerA().endpoint(), Messages.relay(self, target, inner));
    }

    /** Sends on the peer's current path; false when it has none. */
    boolean sendOnPath(RemotePeer remote, byte[] datagram, Effects out) {
        switch (remote.link.path()) {
            case DIRECT -> out.send(remote.link.directLocalPort(), remote.link.directEndpoint(), datagram);
            case RELAY -> sendRelayed(remote.id, datagram, out);
            default -> {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- application data

    /**
     * Sends an application message to {@code target}: at once, on the direct path if one is
     * confirmed, else through the relay while a connect attempt runs (relay first).
     */
    public long send(PeerId target, byte[] payload, long now, Effects out) {
        return messages.send(target, payload, now, out);
    }

    // ---------------------------------------------------------------- connect (seed: connect, addPeer)

    /** Asks introducer A to introduce {@code target}, unless an attempt is already under way. */
    public void connect(PeerId target, long now, Effects out) {
        punching.requestIntro(target, now, out);
    }

    // ---------------------------------------------------------------- keepalive and peer states

    private void onKeepalive(Received m, int localPort, Endpoint from, long now, Effects out, boolean relayed) {
        RemotePeer remote = remotes.get(m.sender());
        if (remote == null && relayed) {
            remote = relayContact(m.sender(), now, out);
        }
        if (remote == null || (!relayed && !remote.isDirectFrom(localPort, from))) {
            drops.count(PeerDropReason.KEEPALIVE_OFF_PATH);
            return;
        }
        byte[] ack = Messages.keepaliveAck(self, m.uint(TlvTypes.MYTS, 0));
        if (relayed) {
            sendRelayed(remote.id, ack, out);
        } else {
            out.send(localPort, from, ack);
        }
    }

    private void onKeepaliveAck(Received m, int localPort, Endpoint from, long now, Effects out, boolean relayed) {
        RemotePeer remote = remotes.get(m.sender());
        if (remote == null || (!relayed && !remote.isDirectFrom(localPort, from))) {
            drops.count(PeerDropReason.KEEPALIVE_ACK_OFF_PATH);
            return;
        }
        if (!relayed) {
            remote.lastDirectAnswer = now;
        }
        long echoed = m.uint(TlvTypes.YOURTS, -1);
        if (echoed > 0) {
            remote.rttMillis = Math.max(0, now - Timestamps.toMillis(echoed));
            if (!relayed) {
                remote.directRttSample(remote.rttMillis);
            }
        }
        tracer.step(out, now, KeepaliveAction.RECEIVE_KEEPALIVE_ACK).param("from", remote.id.shortName())
                .param("rtt", remote.rttMillis).log();
        answered(remote, now, out);
    }

    /** A connect attempt moved the link to a direct path: the peer answered on it, pending data follows. */
    private void directPathConfirmed(RemotePeer remote, long now, Effects out) {
        answered(remote, now, out);
        messages.flushPending(remote, now, out);
    }

    /** A peer answered: its silence restarts, and it is Active again. */
    private void answered(RemotePeer remote, long now, Effects out) {
        remote.lastAnswer = now;
        if (remote.state != PeerState.ACTIVE) {
            remote.state = PeerState.ACTIVE;
            tracer.step(out, now, DiagnosticEvent.PEER_STATE_CHANGE).param("peer", remote.id.shortName())
                    .param("state", PeerState.ACTIVE.name()).log();
        }
    }

    /** The introducer design's keepalive interval: wake-up check, peer states, keepalives, path checks. */
    private void keepAliveTick(long now, Effects out) {
        long late = now - nextKeepalive;
        tracer.step(out, now, KeepaliveAction.KEEP_ALIVE_TICK).param("late", late).log();
        if (late > config.keepAliveMillis()) {
            tracer.step(out, now, DiagnosticEvent.WAKEUP).param("late", late).log();
            calculateNat(now, out, "wakeup");
        }
        List<RemotePeer> forgotten = new ArrayList<>();
        for (RemotePeer remote : remotes.all()) {
            PeerState state = remote.stateAt(now, config.keepAliveMillis());
            if (state != remote.state) {
                remote.state = state;
                tracer.step(out, now, DiagnosticEvent.PEER_STATE_CHANGE).param("peer", remote.id.shortName())
                        .param("state", state.name()).log();
            }
            if (state == PeerState.FORGOTTEN) {
                forgotten.add(remote);
                continue;
            }
            if (!remote.introducer) {
                checkDirectPath(remote, now, out);
            }
            remote.keepaliveSentAt = now;
            remote.keepaliveRetries = 0;
            sendKeepalive(remote, now, out);
            tracer.step(out, now, DiagnosticEvent.SEND_KEEPALIVE).param("peer", remote.id.shortName()).log();
            out.setTimer(new PeerTimer.KeepaliveRetry(remote.id), now + config.keepAliveRetryMillis());
        }
        for (RemotePeer remote : forgotten) {
            remotes.forget(remote.id);
            messages.forget(remote.id, out);
            punching.forget(remote.id, out);
            out.cancelTimer(new PeerTimer.KeepaliveRetry(remote.id));
            tracer.step(out, now, DiagnosticEvent.FORGET_PEER).param("peer", remote.id.shortName()).log();
        }
        nextKeepalive = now + config.keepAliveMillis();
        out.setTimer(PeerTimer.Fixed.KEEPALIVE, nextKeepalive);
    }

    /** Introducers get a ping (it also keeps the registration fresh); peers a keepalive on their path. */
    private void sendKeepalive(RemotePeer remote, long now, Effects out) {
        if (remote.introducer) {
            sendPing(remote.id.equals(config.introducerA().peerId()) ? config.introducerA() : config.introducerB(), now, out);
        } else {
            sendOnPath(remote, Messages.keepalive(self, Timestamps.fromMillis(now)), out);
        }
    }

    /** No answer since the keepalive went out: it or its answer was lost, so send it again. */
    private void retryKeepalive(PeerId id, long now, Effects out) {
        RemotePeer remote = remotes.get(id);
        if (remote == null || remote.lastAnswer >= remote.keepaliveSentAt
                || remote.keepaliveRetries >= config.keepAliveRetries()) {
            return;
        }
        remote.keepaliveRetries++;
        sendKeepalive(remote, now, out);
        tracer.step(out, now, KeepaliveAction.RETRY_KEEPALIVE).param("peer", id.shortName())
                .param("retry", remote.keepaliveRetries).log();
        out.setTimer(new PeerTimer.KeepaliveRetry(id), now + config.keepAliveRetryMillis());
    }

    /** After N keepalive periods without an answer on the direct path, data goes back to the relay. */
    private void checkDirectPath(RemotePeer remote, long now, Effects out) {
        if (!remote.link.isDirect()) {
            return;
        }
        if (now - remote.lastDirectAnswer > config.directMissedKeepalives() * config.keepAliveMillis()) {
            fallBack(remote, now, out);
        }
    }

    /**
     * Gives up the direct path to {@code peer} now rather than after missed keepalives: data goes
     * back through the relay and a new introduction is asked for. A dual-stack peer calls it when
     * data on the path stopped being acknowledged and the other family has a direct path. False
     * when there is no direct path to give up.
     */
    public boolean abandonDirectPath(PeerId peer, long now, Effects out) {
        RemotePeer remote = remotes.get(peer);
        if (remote == null || !remote.link.isDirect()) {
            return false;
        }
        fallBack(remote, now, out);
        return true;
    }

    private void fallBack(RemotePeer remote, long now, Effects out) {
        remote.link.fallBackToRelay(now, out);
        remote.directRttMillis = -1;
        punching.forget(remote.id, out);
        connect(remote.id, now, out);
        messages.flushPending(remote, now, out);
    }

    // ---------------------------------------------------------------- timers

    @Override
    public void onTimer(TimerKey key, long now, Effects out) {
        if (key instanceof PeerTimer.Fixed fixed) {
            switch (fixed) {
                case RETRY_PING -> retryPing(now, out);
                case CLASSIFY -> classify(now, out);
                case KEEPALIVE -> keepAliveTick(now, out);
                case CALCULATE_NAT -> calculateNat(now, out, "start");
                case RETRY_REPORT -> retryReport(now, out);
            }
        } else if (key instanceof PeerTimer.Retransmit r) {
            messages.retransmit(r.target(), now, out);
        } else if (key instanceof PeerTimer.KeepaliveRetry k) {
            retryKeepalive(k.peer(), now, out);
        } else if (key instanceof PeerTimer.Punch p) {
            punching.onTimer(p, now, out);
        } else if (key instanceof PortMapTimer t && portMapper != null) {
            PortMapping before = portMapping;
            portMapper.onTimer(t, now, out);
            mappingChanged(before, now, out);
        }
    }

    @Override
    public void onBindFailed(int port, long now, Effects out) {
        punching.onBindFailed(port, now, out);
    }

    // ---------------------------------------------------------------- queries

    public PeerId id() {
        return self;
    }

    /**
     * The NAT type others must assume: what the NAT check found, or Static once it found anything
     * and the gateway forwards a port to us (anyone can reach that port first).
     */
    public NatType nat() {
        return portMapping != null && nat != NatType.UNKNOWN ? NatType.STATIC : nat;
    }

    @Override
    public boolean portMapped() {
        return portMapping != null && nat != NatType.UNKNOWN;
    }

    /** The port mapping in force, if any. */
    public java.util.Optional<PortMapping> portMapping() {
        return java.util.Optional.ofNullable(portMapping);
    }

    public Endpoint publicAddress() {
        return publicAddress;
    }

    public DropCounters drops() {
        return drops;
    }

    /** The path to a peer (NONE if unknown). */
    public Path pathTo(PeerId peer) {
        RemotePeer r = remotes.get(peer);
        return r == null ? Path.NONE : r.link.path();
    }

    public PeerState stateOf(PeerId peer) {
        RemotePeer r = remotes.get(peer);
        return r == null ? PeerState.FORGOTTEN : r.state;
    }

    /** The last measured round trip to {@code peer} in ms, or -1 before one was measured. */
    public long rttTo(PeerId peer) {
        RemotePeer r = remotes.get(peer);
        return r == null ? -1 : r.rttMillis;
    }

    /**
     * The smoothed round trip of the direct path to {@code peer} in ms (keepalive answers on it),
     * or -1 while none was measured on the path in use.
     */
    public long directRttTo(PeerId peer) {
        RemotePeer r = remotes.get(peer);
        return r == null ? -1 : r.directRttMillis;
    }

    /** How many application messages to {@code peer} are sent and not yet acknowledged. */
    public int unacknowledgedTo(PeerId peer) {
        return messages.unacknowledged(peer);
    }

    public boolean knows(PeerId peer) {
        return remotes.knows(peer);
    }

    /** Outcomes of finished connect attempts, oldest first. */
    public List<AttemptResult> attemptResults() {
        return Collections.unmodifiableList(punching.results);
    }

    // ---------------------------------------------------------------- trace

    /** The state every trace line of a peer ends with. */
    private void describeState(Map<String, Object> state) {
        state.put("nat", nat.name());
        state.put("public", publicAddress == null ? null : publicAddress.toString());
        state.put("peers", remotes.size());
        if (portMapper != null) {
            state.put("mapped", portMapping == null ? null : portMapping.external());
        }
    }

    // ---------------------------------------------------------------- port mapping

    private void onGatewayAnswer(byte[] data, long now, Effects out) {
        PortMapping before = portMapping;
        portMapper.onDatagram(data, now, out);
        mappingChanged(before, now, out);
    }

    @Override
    public void onUpnp(UpnpOutcome outcome, long now, Effects out) {
        if (portMapper != null) {
            PortMapping before = portMapping;
            portMapper.onUpnp(outcome, now, out);
            mappingChanged(before, now, out);
        }
    }

    /** A new, changed or lost mapping changes what the introducers must know of us: tell them. */
    private void mappingChanged(PortMapping before, long now, Effects out) {
        if (before != portMapping && nat != NatType.UNKNOWN) {
            reportToIntroducers(now, out);
        }
    }

    /** The mapped address to announce: only once the NAT check is done, whose pings must say UNKNOWN. */
    private Endpoint announcedMapping() {
        return portMapping == null || nat == NatType.UNKNOWN ? null
                : new Endpoint(portMapping.externalAddress(), portMapping.externalPort());
    }
}
