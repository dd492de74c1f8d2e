package org.ptpmesh.dualstack;

import java.net.Inet6Address;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.ptpmesh.compose.Child;
import org.ptpmesh.compose.CompositeNode;
import org.ptpmesh.node.Effects;
import org.ptpmesh.peer.AppDataListener;
import org.ptpmesh.peer.Path;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.Tracer;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * A peer with an IPv4 and an IPv6 address: two {@link Peer}s with one peer id, each registered
 * with the introducers of its family on ports of its own, and the application's data to a remote
 * sent on the better of their paths ({@link PathChoice}: direct beats relay, then the lower RTT,
 * IPv6 on a tie). Both families connect to every remote data is sent to, so the other path is
 * ready when the chosen one fails; a remote with one family is reached on that one.
 *
 * <p>Exactly once and in order across families, with the single peers' data channels as they are:
 * every message goes into exactly one family's channel, and each channel delivers exactly once in
 * order (resending until acknowledged, relay or direct). Data leaves a family only once that
 * family's channel has every message acknowledged, that is delivered at the remote; messages sent
 * meanwhile wait here. So at most one family carries a remote's unacknowledged messages at any
 * time, and the remote's two channels together deliver everything once, in the order sent. When
 * the chosen direct path dies its peer falls back to its relay, which drains the channel, and the
 * other family's direct path takes over.
 *
 * <p>Datagrams go to the IPv6 peer when they arrive on one of its ports, or from an IPv6 source on
 * a port that is not the IPv4 peer's (its birthday ports); everything else to the IPv4 peer.
 */
public final class DualStackPeer extends CompositeNode {

    private final Peer four;
    private final Peer six;
    /** How long data may go unacknowledged before a direct path counts as dead, per family. */
    private final long stalledFourMillis;
    private final long stalledSixMillis;
    private final Tracer tracer;
    private final Map<PeerId, Sending> sendings = new LinkedHashMap<>();

    /**
     * @param name      this peer's name in PathChosen trace lines
     * @param ipv4      the IPv4 peer's config: IPv4 introducers and its ports
     * @param ipv6      the IPv6 peer's config: IPv6 introducers and ports none of the IPv4 peer's
     * @param random    birthday port choices of both peers
     * @param listener  receives every message from either family
     */
    public DualStackPeer(String name, PeerConfig ipv4, PeerConfig ipv6, PeerId self, long restartMillis,
            RandomGenerator random, AppDataListener listener) {
        this(name, ipv4, ipv6, new Peer(ipv4, self, restartMillis, random, listener),
                new Peer(ipv6, self, restartMillis, random, listener));
    }

    private DualStackPeer(String name, PeerConfig ipv4, PeerConfig ipv6, Peer four, Peer six) {
        super(List.of(Child.of(six).accepting((port, from, datagram, now) -> forIpv6(ipv4, ipv6, port, from)),
                Child.of(four)));
        Set<Integer> ports = Set.of(ipv4.localPort(), ipv4.testPort());
        if (ports.contains(ipv6.localPort()) || ports.contains(ipv6.testPort())) {
            throw new IllegalArgumentException("the IPv6 peer needs ports of its own, not the IPv4 peer's " + ports
                    + ": got " + ipv6.localPort() + " and " + ipv6.testPort());
        }
        this.four = four;
        this.six = six;
        this.stalledFourMillis = DualStackDefaults.STALLED_RETRANSMITS * ipv4.dataRetransmitMillis();
        this.stalledSixMillis = DualStackDefaults.STALLED_RETRANSMITS * ipv6.dataRetransmitMillis();
        this.tracer = new Tracer(name, state -> { });
    }

    private static boolean forIpv6(PeerConfig ipv4, PeerConfig ipv6, int port, Endpoint from) {
        if (port == ipv6.localPort() || port == ipv6.testPort()) {
            return true;
        }
        return from.address() instanceof Inet6Address && port != ipv4.localPort() && port != ipv4.testPort();
    }

    /** The peer of {@code family}, to read. */
    public Peer peer(Family family) {
        return family == Family.IPV4 ? four : six;
    }

    public PeerId id() {
        return four.id();
    }

    /** Asks both families' introducers for an introduction to {@code target}. */
    public void connect(PeerId target, long now, Effects out) {
        four.connect(target, now, effectsOf(four, out));
        six.connect(target, now, effectsOf(six, out));
    }

    /**
     * Sends an application message to {@code target} on the chosen family's path; before either
     * family has a path (an introduction or the remote's first message makes one) it waits here,
     * while both ask for an introduction.
     */
    public void send(PeerId target, byte[] payload, long now, Effects out) {
        Sending sending = sendings.computeIfAbsent(target, id -> new Sending());
        sending.held.add(payload.clone());
        for (Peer p : List.of(four, six)) {
            if (p.pathTo(target) != Path.DIRECT) {
                p.connect(target, now, effectsOf(p, out));
            }
        }
        pump(target, sending, now, out);
    }

    /**
     * The family {@code target}'s data goes on now; for a remote no data was sent to yet, the one
     * it would go on (a receiving peer's view). Null while neither family has a path.
     */
    public Family familyTo(PeerId target) {
        Sending sending = sendings.get(target);
        return sending != null ? sending.current
                : PathChoice.choose(view(Family.IPV4, target), view(Family.IPV6, target), null);
    }

    /** The path of {@link #familyTo}'s family (NONE while neither family has one). */
    public Path pathTo(PeerId target) {
        Family family = familyTo(target);
        return family == null ? Path.NONE : peer(family).pathTo(target);
    }

    /** Deletes both peers' port mappings, if any: the last thing before the sockets close. */
    public void stop(long now, Effects out) {
        four.stop(now, effectsOf(four, out));
        six.stop(now, effectsOf(six, out));
    }

    /** After every datagram and timer: a path may have appeared, failed, or answered with a new RTT. */
    @Override
    protected void afterEach(long now, Effects out) {
        for (Map.Entry<PeerId, Sending> e : sendings.entrySet()) {
            pump(e.getKey(), e.getValue(), now, out);
        }
    }

    /** Moves to the family {@link PathChoice} wants once the current one is drained, then sends what waits. */
    private void pump(PeerId target, Sending sending, long now, Effects out) {
        if (sending.current != null) {
            watchForStall(target, sending, now, out);
        }
        FamilyPath v4 = view(Family.IPV4, target);
        FamilyPath v6 = view(Family.IPV6, target);
        Family wanted = PathChoice.choose(v4, v6, sending.current);
        if (wanted != null && wanted != sending.current
                && (sending.current == null || peer(sending.current).unacknowledgedTo(target) == 0)) {
            sending.current = wanted;
            tracer.step(out, now, DiagnosticEvent.PATH_CHOSEN).param("peer", target.shortName())
                    .param("family", wanted.name()).param("path4", v4.path().name()).param("rtt4", v4.directRttMillis())
                    .param("path6", v6.path().name()).param("rtt6", v6.directRttMillis()).log();
        }
        if (sending.current == null || sending.current != wanted && wanted != null) {
            return; // no path yet, or a switch waits for the old family's acknowledgements
        }
        Peer chosen = peer(sending.current);
        while (!sending.held.isEmpty()) {
            chosen.send(target, sending.held.poll(), now, effectsOf(chosen, out));
        }
    }

    /**
     * Gives up the current family's direct path when its data stopped being acknowledged and the
     * other family has a direct path: its half falls back to the relay, which drains the channel,
     * and the data moves over.
     */
    private void watchForStall(PeerId target, Sending sending, long now, Effects out) {
        Peer current = peer(sending.current);
        Peer other = sending.current == Family.IPV4 ? six : four;
        int unacknowledged = current.unacknowledgedTo(target);
        if (unacknowledged == 0 || unacknowledged < sending.unacknowledged) {
            sending.progressAt = now;
        }
        sending.unacknowledged = unacknowledged;
        long stalled = sending.current == Family.IPV4 ? stalledFourMillis : stalledSixMillis;
        if (unacknowledged > 0 && now - sending.progressAt > stalled && other.pathTo(target) == Path.DIRECT
                && current.abandonDirectPath(target, now, effectsOf(current, out))) {
            sending.progressAt = now;
        }
    }

    private FamilyPath view(Family family, PeerId target) {
        Peer p = peer(family);
        return new FamilyPath(family, p.pathTo(target), p.directRttTo(target));
    }
}
