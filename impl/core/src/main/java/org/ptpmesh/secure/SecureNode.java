package org.ptpmesh.secure;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.DropCounters;
import org.ptpmesh.node.DropLog;
import org.ptpmesh.node.DropReason;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.ForwardingEffects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.RefusedDatagram;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.noise.CounterCipher;
import org.ptpmesh.noise.EphemeralKeySource;
import org.ptpmesh.noise.HandshakePattern;
import org.ptpmesh.noise.HandshakeState;
import org.ptpmesh.noise.NoiseException;
import org.ptpmesh.noise.TransportKeys;
import org.ptpmesh.portmap.UpnpOutcome;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.Tracer;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.ReceiverRules;
import org.ptpmesh.wire.RuleViolationCode;
import org.ptpmesh.wire.TlvTypes;

/**
 * The session layer (docs/protocol.md 6.9) around any protocol node, which keeps its logic: this
 * node runs the handshakes, seals what the inner node sends to an endpoint it has a session with,
 * and hands the inner node what it opened, marked with the key it was sealed under
 * ({@link DecodedDatagram#authenticatedKey()}). Plain datagrams pass both ways unchanged: the
 * inner node decides what a plain claim may do.
 *
 * <ul>
 *   <li>As responder it answers a HANDSHAKE_INIT (IK at once, XX after the FINISH) only when the
 *       init is at least as large as the answer, and makes a session only for a key whose id the
 *       init's UUID is.</li>
 *   <li>As initiator, toward an endpoint in {@link SecureConfig#mustSeal()}: the inner node's first
 *       datagram there starts a handshake (IK with the key {@link IntroducerTrust} expects, else XX,
 *       the revealed key offered to {@link IntroducerTrust#firstUse}); what it sends meanwhile is
 *       queued, then sent sealed. An IK unanswered after its retries goes on as XX, so a changed
 *       key is shown to {@link IntroducerTrust#firstUse}, which refuses it unless trusted.</li>
 *   <li>Between peers (docs/protocol.md 6.9): an INTRO an introducer seals to this node naming a
 *       key ({@code PEERKEY}) is recorded ({@link Introductions}); the inner node's PUNCH of that
 *       attempt to a route without a session sends an IK init to that key instead (with {@code
 *       ATTEMPT}, from the punch's port, at its TTL), again with each punch, and the PUNCH waits
 *       for the session. An init naming an attempt is answered only for the key and id its INTRO
 *       named. A session is of one route (local port and endpoint), and a sealed datagram from
 *       any other is dropped.</li>
 *   <li>Relayed sessions (docs/protocol.md 6.9): what the inner node relays to a keyed peer (a
 *       RELAY to its introducer whose TARGET an INTRO named with a key) goes sealed in a session
 *       of the two peers, whose route is the relay and the peer's id ({@link Route#relayed}); its
 *       IK handshake is relayed too. A RELAYED the introducer seals to this node from such a peer
 *       is taken only as a datagram of that session, and what opens reaches the inner node as a
 *       RELAYED marked with the peer's key; a legacy peer's relays stay plain.</li>
 *   <li>Every refusal is counted ({@link #drops()}) and traced within the drop log's budget.</li>
 * </ul>
 *
 * <p>The inner node's timers are wrapped ({@link SecureTimer.Inner}), so they never collide with
 * this node's own.
 */
public final class SecureNode implements Node {

    private static final byte[] EMPTY = new byte[0];
    /** How often handshakes and sessions whose time is up are forgotten: well inside the 5 s handshake lifetime. */
    private static final long SWEEP_MILLIS = 1_000;
    /**
     * Punch handshakes under way at once: the birthday strategy's Easy side probes a new endpoint
     * every 10 ms, and a handshake lives 5 s, so 500 for one attempt; 1,024 leave room for two.
     */
    public static final int MAX_PUNCH_HANDSHAKES = 1_024;

    private final Node inner;
    private final SecureConfig config;
    private final PeerId self;
    private final EphemeralKeySource ephemeralKeys;
    private final RandomGenerator random;
    private final SessionTable table;
    private final Map<Endpoint, Initiation> initiations = new HashMap<>();
    private final Map<Route, Initiation> punchInitiations = new HashMap<>();
    private final Map<Long, Initiation> initiationsByIndex = new HashMap<>();
    private final Introductions introductions = new Introductions();
    private final RelayPeers relayPeers = new RelayPeers();
    private final DropCounters drops = new DropCounters();
    private final Tracer tracer;
    private final DropLog dropLog;
    private final DecodedDatagram received = new DecodedDatagram();
    private final DecodedDatagram opened = new DecodedDatagram();
    private final DecodedDatagram relayedPayload = new DecodedDatagram();
    private final DecodedDatagram relayedOpened = new DecodedDatagram();
    private final DecodedDatagram outgoing = new DecodedDatagram();
    private final InnerEffects innerOut = new InnerEffects();
    private final Sealer sealer = new Sealer();

    /**
     * @param ephemeralKeys the handshakes' ephemeral keys
     * @param random        session indexes (a SecureRandom in the runtime, seeded in the simulator)
     */
    public SecureNode(Node inner, SecureConfig config, EphemeralKeySource ephemeralKeys, RandomGenerator random) {
        this.inner = inner;
        this.config = config;
        this.self = config.identity().peerId();
        this.ephemeralKeys = ephemeralKeys;
        this.random = random;
        this.table = new SessionTable(config.limits());
        this.tracer = new Tracer(config.name(), state -> {
            state.put("sessions", table.sessionCount());
            state.put("handshakes", table.handshakeCount());
        });
        this.dropLog = new DropLog(tracer, config.limits().dropLogPerSecond());
    }

    /** What this layer refused, by reason (the inner node counts its own). */
    public DropCounters drops() {
        return drops;
    }

    /** Sessions open now. */
    public int sessionCount() {
        return table.sessionCount();
    }

    /** XX handshakes answered and waiting for their FINISH. */
    public int handshakeCount() {
        return table.handshakeCount();
    }

    /** Whether a session runs with {@code to}, on any local port. */
    public boolean hasSessionWith(Endpoint to) {
        return table.hasSessionWith(to);
    }

    /** Whether what this node relays to {@code peer} through the introducer at {@code relay} goes sealed in a session with it now. */
    public boolean hasRelayedSessionWith(int localPort, Endpoint relay, PeerId peer) {
        return table.sessionOn(Route.relayed(localPort, relay, peer)) != null;
    }

    /** Whether datagrams from {@code localPort} to {@code to} go sealed now. */
    public boolean hasSessionOn(int localPort, Endpoint to) {
        return table.sessionOn(new Route(localPort, to)) != null;
    }

    /** Punch handshakes this node started and still waits on. */
    public int punchHandshakeCount() {
        return punchInitiations.size();
    }

    /**
     * Runs {@code call} with the effects the inner node gets in its callbacks, so what it sends
     * goes through this layer (sealed, queued behind a handshake, or plain): for a driver that
     * acts on the inner node from outside them, as a command that offers a file or an
     * application that connects or sends does.
     */
    public void callInner(long now, Effects out, Consumer<Effects> call) {
        call.accept(innerOut.to(out, now));
        dropLog.flush(out, now);
    }

    /**
     * The effects the inner node's sends go through, for a driver that calls the inner node
     * outside this node's callbacks (its last words when stopped): sealed as any of its sends.
     */
    public Effects innerEffects(Effects driverEffects, long now) {
        return innerOut.to(driverEffects, now);
    }

    @Override
    public void start(long now, Effects out) {
        out.setTimer(new SecureTimer.Sweep(), now + SWEEP_MILLIS);
        inner.start(now, innerOut.to(out, now));
    }

    @Override
    public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        onMessage(localPort, from, received.decode(data), now, out);
    }

    @Override
    public void onMessage(int localPort, Endpoint from, DecodedDatagram datagram, long now, Effects out) {
        MessageKind kind = sessionKind(datagram);
        if (kind == null) {
            inner.onMessage(localPort, from, datagram, now, innerOut.to(out, now));
        } else {
            onSessionMessage(new Route(localPort, from), kind, datagram.view(), now, out);
        }
        // also what the inner node's sends were refused (queue_full, too_large_to_seal)
        dropLog.flush(out, now);
    }

    /** The kind of a datagram of this layer (a handshake message or SEALED), else null: the inner node's. */
    private static MessageKind sessionKind(DecodedDatagram datagram) {
        MessageKind kind = datagram.error() == null ? MessageKind.fromCode(datagram.kindCode()) : null;
        boolean forThisLayer = kind == MessageKind.HANDSHAKE_INIT || kind == MessageKind.HANDSHAKE_RESP
                || kind == MessageKind.HANDSHAKE_FINISH || kind == MessageKind.SEALED;
        return forThisLayer ? kind : null;
    }

    /** A handshake message or SEALED that arrived on {@code arrivedOn}: directly, or relayed from a peer. */
    private void onSessionMessage(Route arrivedOn, MessageKind kind, DatagramView view, long now, Effects out) {
        RuleViolationCode broken = ReceiverRules.firstBroken(view, kind);
        if (broken != null) {
            drop(RefusedDatagram.of(broken), arrivedOn.endpoint(), now);
            return;
        }
        switch (kind) {
            case HANDSHAKE_INIT -> onInit(arrivedOn, view, now, out);
            case HANDSHAKE_RESP -> onResp(arrivedOn, view, now, out);
            case HANDSHAKE_FINISH -> onFinish(arrivedOn.localPort(), arrivedOn.endpoint(), view, now, out);
            default -> onSealed(arrivedOn, view, now, out);
        }
    }

    @Override
    public void onTimer(TimerKey key, long now, Effects out) {
        if (key instanceof SecureTimer.Inner wrapped) {
            inner.onTimer(wrapped.key(), now, innerOut.to(out, now));
        } else if (key instanceof SecureTimer.RetryInit retry) {
            Initiation initiation = initiations.get(retry.to());
            if (initiation != null) {
                retryInit(initiation, now, out);
            }
        } else if (key instanceof SecureTimer.Sweep) {
            table.expire(now);
            introductions.expire(now);
            expirePunchInitiations(now, out);
            out.setTimer(key, now + SWEEP_MILLIS);
        }
        dropLog.flush(out, now);
    }

    @Override
    public void onBindFailed(int port, long now, Effects out) {
        inner.onBindFailed(port, now, innerOut.to(out, now));
    }

    @Override
    public void onAddressesChanged(List<InetAddress> addresses, long now, Effects out) {
        inner.onAddressesChanged(addresses, now, innerOut.to(out, now));
    }

    @Override
    public void onUpnp(UpnpOutcome outcome, long now, Effects out) {
        inner.onUpnp(outcome, now, innerOut.to(out, now));
    }

    // responder

    private void onInit(Route arrivedOn, DatagramView view, long now, Effects out) {
        Endpoint from = arrivedOn.endpoint();
        HandshakePattern pattern = SecureDatagrams.patternOf(view.uintOf(TlvTypes.PATTERN, -1));
        if (pattern == null) {
            drop(SecureDropReason.UNKNOWN_PATTERN, from, now);
            return;
        }
        // both checks before any key is computed: no answer larger than the init, no work for a
        // session the table could not take
        if (view.length() < SecureDatagrams.respLength(pattern)) {
            drop(SecureDropReason.HANDSHAKE_TOO_SMALL, from, now);
            return;
        }
        if (!table.hasRoomForSession(now)) {
            drop(SecureDropReason.SESSION_LIMIT, from, now);
            return;
        }
        PeerId claimed = PeerId.of(view.value(view.indexOf(TlvTypes.UUID)));
        long peerIndex = view.uintOf(TlvTypes.SESSION, -1);
        long attempt = view.uintOf(TlvTypes.ATTEMPT, -1);
        // a punch's init, or any init through a relay, is answered only as an INTRO said
        boolean introducedOnly = attempt >= 0 || arrivedOn.isRelayed();
        Session answered = introducedOnly ? table.sessionOn(arrivedOn) : null;
        if (answered != null && answered.answeredPunch != null && answered.answeredPunch.isOf(view)) {
            // a punch's (or relayed) init comes again with every punch (or datagram) until answered:
            // the same answer, no new session
            transmit(arrivedOn, answered.answeredPunch.resp(), now, out);
            return;
        }
        Introduction introduction = arrivedOn.isRelayed() ? relayPeers.get(arrivedOn.relayedPeer())
                : attempt < 0 ? null : introductions.get(attempt);
        SecureDropReason notAsIntroduced = introducedOnly ? notAsIntroduced(introduction, pattern, claimed, arrivedOn) : null;
        if (notAsIntroduced != null) {
            drop(notAsIntroduced, from, now);
            return;
        }
        HandshakeState state = HandshakeState.responder(pattern, SecureDatagrams.PROLOGUE, config.identity().keys(), ephemeralKeys);
        byte[] answer;
        try {
            state.readMessage(SecureDatagrams.joined(view, TlvTypes.NOISE));
            if (pattern == HandshakePattern.IK && !claimed.equals(KeyedPeerId.of(state.remoteStaticKey()))) {
                drop(SecureDropReason.ID_NOT_OF_KEY, from, now);
                return;
            }
            if (introduction != null && !Arrays.equals(state.remoteStaticKey(), introduction.key())) {
                drop(SecureDropReason.NOT_INTRODUCED_KEY, from, now);
                return;
            }
            answer = state.writeMessage(EMPTY);
        } catch (NoiseException e) {
            drop(SecureDropReason.HANDSHAKE_FAILED, from, now);
            return;
        }
        long localIndex = table.freshIndex(random, initiationsByIndex::containsKey);
        byte[] resp = SecureDatagrams.resp(self, localIndex, peerIndex, answer);
        transmit(arrivedOn, resp, now, out);
        if (pattern == HandshakePattern.IK) {
            Session session = openSession(state, false, localIndex, peerIndex, arrivedOn, now, out);
            if (introduction != null) {
                session.answeredPunch = new Session.AnsweredInit(Arrays.copyOf(view.buffer(), view.length()), resp);
            }
        } else {
            table.addHandshake(new PendingHandshake(localIndex, peerIndex, claimed, state, arrivedOn.localPort(), from, now));
        }
    }

    /**
     * Why a punch's init (one with ATTEMPT) or a relayed init is refused before any key is
     * computed, or null: it must be IK, of an attempt an introducer sealed to this node (relayed:
     * from a peer an INTRO named with a key), from the peer that INTRO named, and a punch's from
     * its address.
     */
    private static SecureDropReason notAsIntroduced(Introduction introduction, HandshakePattern pattern, PeerId claimed,
                                                    Route arrivedOn) {
        if (introduction == null) {
            return SecureDropReason.NOT_INTRODUCED;
        }
        if (pattern != HandshakePattern.IK || introduction.key() == null || !claimed.equals(introduction.target())) {
            return SecureDropReason.NOT_INTRODUCED_KEY;
        }
        return arrivedOn.isRelayed() || introduction.isAddressOf(arrivedOn.endpoint()) ? null : SecureDropReason.NOT_INTRODUCED_ADDRESS;
    }

    private void onFinish(int localPort, Endpoint from, DatagramView view, long now, Effects out) {
        long localIndex = view.uintOf(TlvTypes.PEERSESSION, -1);
        PendingHandshake pending = table.handshake(localIndex);
        if (pending == null && table.session(localIndex) != null) {
            // the initiator repeats its FINISH until it hears from the session it made
            return;
        }
        if (pending == null || !pending.from().equals(from) || pending.localPort() != localPort) {
            drop(SecureDropReason.UNEXPECTED_HANDSHAKE, from, now);
            return;
        }
        try {
            pending.state().readMessage(SecureDatagrams.joined(view, TlvTypes.NOISE));
        } catch (NoiseException e) {
            // the genuine FINISH may still come
            drop(SecureDropReason.HANDSHAKE_FAILED, from, now);
            return;
        }
        table.removeHandshake(localIndex);
        if (!pending.claimedId().equals(KeyedPeerId.of(pending.state().remoteStaticKey()))) {
            drop(SecureDropReason.ID_NOT_OF_KEY, from, now);
        } else if (!table.hasRoomForSession(now)) {
            drop(SecureDropReason.SESSION_LIMIT, from, now);
        } else {
            openSession(pending.state(), false, localIndex, pending.peerIndex(), new Route(pending.localPort(), from), now, out);
        }
    }

    // initiator

    /**
     * A datagram of the inner node: a RELAY to a keyed peer goes with its payload sealed in their
     * relayed session; anything else as {@link #sendUnrelayed} sends it.
     */
    private void send(int localPort, Endpoint to, byte[] payload, int ttl, long now, Effects out) {
        if (config.mustSeal().contains(to) && relayedInSession(localPort, to, payload, now, out)) {
            return;
        }
        sendUnrelayed(localPort, to, payload, ttl, now, out);
    }

    /** A datagram sealed in the route's session, queued behind a handshake, or plain. */
    private void sendUnrelayed(int localPort, Endpoint to, byte[] payload, int ttl, long now, Effects out) {
        Route route = new Route(localPort, to);
        Session session = table.sessionOn(route);
        Introduction introduction;
        if (session != null) {
            sendSealed(session, payload, ttl, now, out);
        } else if (config.mustSeal().contains(to)) {
            queue(localPort, to, payload, ttl, now, out);
        } else if ((introduction = introductionPunched(payload)) != null) {
            punch(route, introduction, payload, ttl, now, out);
        } else {
            out.send(localPort, to, payload, ttl);
        }
    }

    /** The introduction whose attempt {@code payload} punches for, or null when it is no PUNCH of a keyed pair. */
    private Introduction introductionPunched(byte[] payload) {
        outgoing.decode(payload);
        if (outgoing.error() != null || outgoing.kindCode() != MessageKind.PUNCH.code()) {
            return null;
        }
        long attempt = outgoing.view().uintOf(TlvTypes.ATTEMPT, -1);
        return attempt < 0 ? null : introductions.get(attempt);
    }

    /**
     * A PUNCH of a keyed pair on a route without a session: the route's IK init goes in its place,
     * the same one with every punch (punching relies on repetition), and the latest PUNCH waits
     * to go sealed once the handshake completes.
     */
    private void punch(Route route, Introduction introduction, byte[] payload, int ttl, long now, Effects out) {
        Initiation initiation = punchInitiations.get(route);
        if (initiation == null && (initiation = startIntroduced(route, introduction, now)) == null) {
            return;
        }
        out.send(route.localPort(), route.endpoint(), initiation.message, ttl);
        initiation.queue.clear();
        initiation.queue.addLast(new Initiation.Queued(route.localPort(), payload, ttl));
    }

    /**
     * The IK handshake of a punch or a relayed session on {@code route}, to the key {@code
     * introduction} named, its init written once (it goes again, the same, until answered); null
     * when refused, counted.
     */
    private Initiation startIntroduced(Route route, Introduction introduction, long now) {
        if (punchInitiations.size() >= MAX_PUNCH_HANDSHAKES) {
            drop(SecureDropReason.PUNCH_HANDSHAKE_LIMIT, route.endpoint(), now);
            return null;
        }
        long index = table.freshIndex(random, initiationsByIndex::containsKey);
        Initiation initiation = new Initiation(route, index, introduction.key(), introduction.attempt(), now);
        initiation.state = HandshakeState.initiator(initiation.pattern, SecureDatagrams.PROLOGUE, config.identity().keys(),
                initiation.expectedKey, ephemeralKeys);
        try {
            initiation.message = SecureDatagrams.init(self, index, initiation.pattern, initiation.state.writeMessage(EMPTY),
                    introduction.attempt());
        } catch (NoiseException e) {
            // an INTRO's key of small order
            drop(SecureDropReason.HANDSHAKE_FAILED, route.endpoint(), now);
            return null;
        }
        punchInitiations.put(route, initiation);
        initiationsByIndex.put(index, initiation);
        return initiation;
    }

    // relayed sessions (docs/protocol.md 6.9): the route is the relay and the other peer's id

    /**
     * A RELAY of the inner node to {@code relay}: to a keyed peer its payload goes sealed in their
     * relayed session, behind that session's IK handshake (itself relayed); to a legacy peer it
     * goes plain as before (false); to an id no INTRO named, nowhere.
     *
     * @return whether this layer took care of the datagram
     */
    private boolean relayedInSession(int localPort, Endpoint relay, byte[] payload, long now, Effects out) {
        outgoing.decode(payload);
        if (!isWellFormed(outgoing, MessageKind.RELAY)) {
            return false;
        }
        DatagramView view = outgoing.view();
        PeerId target = PeerId.of(view.value(view.indexOf(TlvTypes.TARGET)));
        Introduction introduction = relayPeers.get(target);
        if (introduction == null) {
            // keyed or legacy is the INTRO's word: sent before it, a datagram could go plain to a keyed peer
            drop(SecureDropReason.RELAY_TARGET_NOT_INTRODUCED, relay, now);
            return true;
        }
        if (introduction.key() == null) {
            return false;
        }
        byte[] relayedDatagram = SecureDatagrams.joined(view, TlvTypes.PAYLOAD);
        Route route = Route.relayed(localPort, relay, target);
        Session session = table.sessionOn(route);
        if (session != null) {
            sealOn(session, relayedDatagram, Effects.DEFAULT_TTL, now, out);
            return true;
        }
        Initiation initiation = punchInitiations.get(route);
        if (initiation == null && (initiation = startIntroduced(route, introduction, now)) == null) {
            return true;
        }
        // the init goes again with each datagram until answered, as a punch's does: the relay may lose it
        transmit(route, initiation.message, now, out);
        if (initiation.queue.size() >= config.limits().maxQueued()) {
            drop(SecureDropReason.QUEUE_FULL, relay, now);
        } else {
            initiation.queue.addLast(new Initiation.Queued(localPort, relayedDatagram, Effects.DEFAULT_TTL));
        }
        return true;
    }

    /**
     * A RELAYED an introducer sealed to this node: from a keyed peer its payload is a datagram of
     * their relayed session, taken on that route, and anything else is dropped; from a legacy peer
     * it goes to the inner node as it came (false).
     *
     * @return whether this layer took care of the datagram
     */
    private boolean relayedByIntroducer(Route relay, DecodedDatagram relayed, long now, Effects out) {
        if (!isWellFormed(relayed, MessageKind.RELAYED)) {
            return false;
        }
        DatagramView view = relayed.view();
        PeerId from = PeerId.of(view.value(view.indexOf(TlvTypes.FROMID)));
        Introduction introduction = relayPeers.get(from);
        if (introduction != null && introduction.key() == null) {
            return false;
        }
        DecodedDatagram payload = relayedPayload.decode(SecureDatagrams.joined(view, TlvTypes.PAYLOAD));
        MessageKind kind = sessionKind(payload);
        if (kind == null || kind == MessageKind.HANDSHAKE_FINISH) {
            // plain, or of an XX handshake: relayed sessions are IK, so the relay itself may have written it
            drop(introduction == null ? SecureDropReason.RELAYED_NOT_INTRODUCED : SecureDropReason.RELAYED_NOT_SEALED,
                    relay.endpoint(), now);
        } else {
            onSessionMessage(Route.relayed(relay.localPort(), relay.endpoint(), from), kind, payload.view(), now, out);
        }
        return true;
    }

    /**
     * What a peer sealed in a relayed session, as the inner node knows it: a RELAYED from that
     * peer, in the name of the introducer that relayed it, marked with the peer's key.
     */
    private DecodedDatagram asRelayed(Route route, DecodedDatagram opened) {
        // the relay's own session: the RELAYED that carried this opened in it just now
        Session relaySession = table.sessionOn(new Route(route.localPort(), route.endpoint()));
        byte[] relayed = Messages.relayed(relaySession.peerId, route.relayedPeer(), opened.bytes());
        return relayedOpened.decode(relayed).authenticatedBy(opened.authenticatedKey());
    }

    /** Whether {@code datagram} is a well-formed {@code kind}, by the receiver rules. */
    private static boolean isWellFormed(DecodedDatagram datagram, MessageKind kind) {
        return datagram.error() == null && datagram.kindCode() == kind.code() && ReceiverRules.firstBroken(datagram.view(), kind) == null;
    }

    /** Sends a datagram of this layer on {@code route}: to its endpoint, or in a RELAY to its peer, sealed for the relay. */
    private void transmit(Route route, byte[] datagram, long now, Effects out) {
        if (route.isRelayed()) {
            sendUnrelayed(route.localPort(), route.endpoint(), Messages.relay(self, route.relayedPeer(), datagram),
                    Effects.DEFAULT_TTL, now, out);
        } else {
            out.send(route.localPort(), route.endpoint(), datagram);
        }
    }

    /** Seals {@code payload} in {@code session}; on a relayed route each datagram goes in a RELAY. */
    private void sealOn(Session session, byte[] payload, int ttl, long now, Effects out) {
        sendSealed(session, payload, ttl, now, session.route.isRelayed() ? new RelayEffects(session.route, now, out) : out);
    }

    /** Forgets the punch handshakes unanswered for a handshake's lifetime: a later punch starts anew. */
    private void expirePunchInitiations(long now, Effects out) {
        List<Initiation> expired = punchInitiations.values().stream()
                .filter(i -> now - i.startedAt >= config.limits().handshakeMillis()).toList();
        for (Initiation initiation : expired) {
            forget(initiation, out);
            drops.count(SecureDropReason.NOT_SENT, initiation.queue.size());
        }
    }

    private void queue(int localPort, Endpoint to, byte[] payload, int ttl, long now, Effects out) {
        Initiation initiation = initiations.get(to);
        if (initiation == null) {
            long index = table.freshIndex(random, initiationsByIndex::containsKey);
            initiation = new Initiation(new Route(localPort, to), index, config.trust().expectedKey(to), -1, now);
            initiations.put(to, initiation);
            initiationsByIndex.put(index, initiation);
            sendInit(initiation, now, out);
        }
        if (initiation.queue.size() >= config.limits().maxQueued()) {
            drop(SecureDropReason.QUEUE_FULL, to, now);
            return;
        }
        initiation.queue.addLast(new Initiation.Queued(localPort, payload, ttl));
    }

    private void sendInit(Initiation initiation, long now, Effects out) {
        initiation.state = HandshakeState.initiator(initiation.pattern, SecureDatagrams.PROLOGUE, config.identity().keys(),
                initiation.expectedKey, ephemeralKeys);
        initiation.attempts++;
        byte[] message;
        try {
            message = initiation.state.writeMessage(EMPTY);
        } catch (NoiseException e) {
            // message 1 of XX and IK with a valid key cannot fail; a pinned key of small order can
            endInitiation(initiation, SecureDropReason.HANDSHAKE_FAILED, now, out);
            return;
        }
        out.send(initiation.localPort, initiation.to, SecureDatagrams.init(self, initiation.localIndex, initiation.pattern, message));
        out.setTimer(new SecureTimer.RetryInit(initiation.to), now + config.limits().initRetryMillis());
        tracer.step(out, now, DiagnosticEvent.HANDSHAKE_INIT).param("to", initiation.to.toString())
                .param("pattern", initiation.pattern.name()).param("attempt", initiation.attempts).log();
    }

    private void retryInit(Initiation initiation, long now, Effects out) {
        if (initiation.attempts < config.limits().initAttempts()) {
            sendInit(initiation, now, out);
            return;
        }
        if (initiation.pattern == HandshakePattern.IK && !initiation.isPunch()) {
            // the key expected there no longer answers: XX learns which key does, for the trust to judge
            Initiation fallback = initiation.withoutExpectedKey();
            initiations.put(fallback.to, fallback);
            initiationsByIndex.put(fallback.localIndex, fallback);
            sendInit(fallback, now, out);
            return;
        }
        tracer.step(out, now, DiagnosticEvent.HANDSHAKE_GAVE_UP).param("to", initiation.to.toString())
                .param("attempts", initiation.attempts).log();
        endInitiation(initiation, SecureDropReason.HANDSHAKE_GAVE_UP, now, out);
    }

    private void onResp(Route arrivedOn, DatagramView view, long now, Effects out) {
        Endpoint from = arrivedOn.endpoint();
        Initiation initiation = initiationsByIndex.get(view.uintOf(TlvTypes.PEERSESSION, -1));
        if (initiation == null || !initiation.route.equals(arrivedOn)) {
            drop(SecureDropReason.UNEXPECTED_HANDSHAKE, from, now);
            return;
        }
        HandshakeState state = initiation.state;
        try {
            state.readMessage(SecureDatagrams.joined(view, TlvTypes.NOISE));
        } catch (NoiseException e) {
            // a late answer to an earlier attempt, or a forgery: the genuine one may still come
            drop(SecureDropReason.HANDSHAKE_FAILED, from, now);
            return;
        }
        byte[] key = state.remoteStaticKey();
        if (!PeerId.of(view.value(view.indexOf(TlvTypes.UUID))).equals(KeyedPeerId.of(key))) {
            endInitiation(initiation, SecureDropReason.ID_NOT_OF_KEY, now, out);
            return;
        }
        if (initiation.pattern == HandshakePattern.XX && !config.trust().firstUse(from, key)) {
            tracer.step(out, now, DiagnosticEvent.INTRODUCER_KEY_REFUSED).param("introducer", from.toString())
                    .param("peer", KeyedPeerId.of(key).shortName()).log();
            endInitiation(initiation, SecureDropReason.KEY_REFUSED, now, out);
            return;
        }
        if (!table.hasRoomForSession(now)) {
            endInitiation(initiation, SecureDropReason.SESSION_LIMIT, now, out);
            return;
        }
        long peerIndex = view.uintOf(TlvTypes.SESSION, -1);
        byte[] finish = null;
        if (initiation.pattern == HandshakePattern.XX) {
            try {
                finish = SecureDatagrams.finish(self, peerIndex, state.writeMessage(EMPTY));
            } catch (NoiseException e) {
                endInitiation(initiation, SecureDropReason.HANDSHAKE_FAILED, now, out);
                return;
            }
            transmit(arrivedOn, finish, now, out);
        }
        forget(initiation, out);
        Session session = openSession(state, true, initiation.localIndex, peerIndex, initiation.route, now, out);
        for (Initiation.Queued queued : initiation.queue) {
            sealOn(session, queued.payload(), queued.ttl(), now, out);
        }
        // repeated from the next datagram on: these went right behind the first
        session.finish = finish;
    }

    /** The attempt is over without a session, for {@code cause}: what was queued is dropped. */
    private void endInitiation(Initiation initiation, SecureDropReason cause, long now, Effects out) {
        forget(initiation, out);
        drop(cause, initiation.to, now);
        drops.count(SecureDropReason.NOT_SENT, initiation.queue.size());
    }

    private void forget(Initiation initiation, Effects out) {
        initiationsByIndex.remove(initiation.localIndex);
        if (initiation.isPunch()) {
            punchInitiations.remove(initiation.route);
            return;
        }
        initiations.remove(initiation.to);
        out.cancelTimer(new SecureTimer.RetryInit(initiation.to));
    }

    // both sides

    /**
     * Makes the session of the completed {@code state} and tells its keys to the key log, each
     * under its sender and the index its addressee reads it by.
     */
    private Session openSession(HandshakeState state, boolean initiator, long localIndex, long peerIndex, Route route,
                                long now, Effects out) {
        TransportKeys keys;
        try {
            keys = state.split();
        } catch (NoiseException e) {
            throw new IllegalStateException("split of a completed handshake", e);
        }
        Session session = new Session(localIndex, peerIndex, state.remoteStaticKey(), initiator,
                CounterCipher.of(keys.sending()), CounterCipher.of(keys.receiving()), route, now);
        table.addSession(session);
        config.keyLog().sealKey(self, peerIndex, session.sending.key());
        config.keyLog().sealKey(session.peerId, localIndex, session.receiving.key());
        tracer.step(out, now, DiagnosticEvent.SESSION_OPEN).param("peer", session.peerId.shortName())
                .param("endpoint", route.toString()).param("initiator", initiator).log();
        return session;
    }

    private void sendSealed(Session session, byte[] payload, int ttl, long now, Effects out) {
        int localPort = session.route.localPort();
        Endpoint to = session.route.endpoint();
        if (payload.length > SecureDatagrams.MAX_SEALABLE) {
            drop(SecureDropReason.TOO_LARGE_TO_SEAL, to, now);
            return;
        }
        if (session.finish != null && !session.confirmed) {
            out.send(localPort, to, session.finish);
        }
        try {
            out.send(localPort, to, sealer.seal(self, session.peerIndex, session.sending, payload), ttl);
        } catch (NoiseException e) {
            // 2^64 - 1 datagrams sealed: the session is spent, never to reuse a nonce
            drop(SecureDropReason.SESSION_SPENT, to, now);
        }
    }

    private void onSealed(Route arrivedOn, DatagramView view, long now, Effects out) {
        Endpoint from = arrivedOn.endpoint();
        Session session = table.session(view.uintOf(TlvTypes.PEERSESSION, -1));
        if (session == null) {
            drop(SecureDropReason.UNKNOWN_SESSION, from, now);
            return;
        }
        if (!Arrays.equals(view.value(view.indexOf(TlvTypes.UUID)), session.peerId.bytes())) {
            drop(SecureDropReason.ID_NOT_OF_KEY, from, now);
            return;
        }
        if (!session.route.equals(arrivedOn)) {
            // no roaming: a sealed PUNCH captured on one path and replayed from another address
            // must not confirm a path there, nor a relayed session's datagram sent outside a RELAYED
            drop(SecureDropReason.NOT_SESSION_ROUTE, from, now);
            return;
        }
        long counter = view.uintOf(TlvTypes.COUNTER, -1);
        if (!session.received.isFresh(counter)) {
            drop(SecureDropReason.REPLAYED, from, now);
            return;
        }
        byte[] inner;
        try {
            inner = sealer.open(view, counter, session.receiving);
        } catch (NoiseException e) {
            drop(SecureDropReason.SEAL_OPEN_FAILED, from, now);
            return;
        }
        session.received.accept(counter);
        table.received(session, now);
        opened.decode(inner).authenticatedBy(session.peerKey);
        if (arrivedOn.isRelayed()) {
            this.inner.onMessage(arrivedOn.localPort(), from, asRelayed(arrivedOn, opened), now, innerOut.to(out, now));
            return;
        }
        if (config.mustSeal().contains(from)) {
            if (!learnIntroduction(opened, now)) {
                drop(SecureDropReason.PEERKEY_NOT_OF_TARGET, from, now);
                return;
            }
            if (relayedByIntroducer(arrivedOn, opened, now, out)) {
                return;
            }
        }
        this.inner.onMessage(arrivedOn.localPort(), from, opened, now, innerOut.to(out, now));
    }

    /**
     * An INTRO an introducer sealed: whether its peer is keyed decides how relayed datagrams to and
     * from it go, and when it names a key its attempt's punches run IK with that key.
     *
     * @return false for an INTRO naming a key whose id is not its TARGET: the introducer (or a
     *     relay holding its key) would have this node take another key's datagrams as the target's
     */
    private boolean learnIntroduction(DecodedDatagram intro, long now) {
        if (!isWellFormed(intro, MessageKind.INTRO)) {
            return true;
        }
        DatagramView view = intro.view();
        int key = view.indexOf(TlvTypes.PEERKEY);
        long attempt = view.uintOf(TlvTypes.ATTEMPT, -1);
        PeerId target = PeerId.of(view.value(view.indexOf(TlvTypes.TARGET)));
        byte[] peerKey = key < 0 ? null : view.value(key);
        if (peerKey != null && !KeyedPeerId.of(peerKey).equals(target)) {
            return false;
        }
        if (attempt < 0) {
            return true;
        }
        int lan = view.indexOf(TlvTypes.PEERLANADDR);
        Introduction introduction = new Introduction(attempt, target, peerKey, view.address(view.indexOf(TlvTypes.PEERADDR)),
                lan < 0 ? null : view.address(lan), now);
        relayPeers.add(introduction);
        if (peerKey != null) {
            introductions.add(introduction);
        }
        return true;
    }

    private void drop(DropReason reason, Endpoint from, long now) {
        drops.count(reason);
        dropLog.dropped(now, reason, from);
    }

    /** What {@link #sendSealed} sends on a relayed route: each sealed datagram in a RELAY to the route's peer. */
    private final class RelayEffects extends ForwardingEffects {

        private final Route route;
        private final long now;

        RelayEffects(Route route, long now, Effects driverEffects) {
            this.route = route;
            this.now = now;
            forwardTo(driverEffects);
        }

        @Override
        public void send(int localPort, Endpoint to, byte[] payload, int ttl) {
            transmit(route, payload, now, out());
        }
    }

    /** The effects the inner node writes to: its sends go through the session layer, its timers wrapped. */
    private final class InnerEffects extends ForwardingEffects {

        private long now;

        InnerEffects to(Effects driverEffects, long callbackTime) {
            forwardTo(driverEffects);
            this.now = callbackTime;
            return this;
        }

        @Override
        public void send(int localPort, Endpoint to, byte[] payload, int ttl) {
            SecureNode.this.send(localPort, to, payload, ttl, now, out());
        }

        @Override
        public void setTimer(TimerKey key, long atMillis) {
            out().setTimer(new SecureTimer.Inner(key), atMillis);
        }

        @Override
        public void cancelTimer(TimerKey key) {
            out().cancelTimer(new SecureTimer.Inner(key));
        }
    }
}
