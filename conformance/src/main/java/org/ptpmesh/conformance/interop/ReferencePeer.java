package org.ptpmesh.conformance.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.ptpmesh.dualstack.DualStackPeer;
import org.ptpmesh.dualstack.Family;
import org.ptpmesh.identity.DrivenNode;
import org.ptpmesh.identity.NodeSecurity;
import org.ptpmesh.introducer.IntroducerLabels;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.net.DatagramTap;
import org.ptpmesh.net.UdpRuntime;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.peer.AppDataListener;
import org.ptpmesh.peer.Path;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.portmap.PortMapGateway;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * The reference peer (the introducer design's Peer) on real UDP, scripted for interop adapters: it
 * classifies its NAT against two introducers, and then either connects to a target peer and sends
 * it a message (relay first, then direct once punching confirms a path), or waits for a message. A
 * relay-only peer never punches ({@link PeerConfig#relayOnly()}): its goal path is the relay.
 * A dual-stack one ({@link #dualStack}) is a {@link DualStackPeer}: an IPv4 and an IPv6 half on one
 * dual-stack socket per port, its data on the better of their paths. With keys it runs inside the
 * session layer (docs/protocol.md 6.9): it reaches its introducers sealed, and punches to a keyed
 * peer with the key its INTRO names; without, it runs plain, as a legacy peer.
 */
public final class ReferencePeer implements AutoCloseable {

    private static final long POLL_MILLIS = 50;

    private final Scripted peer;
    private final DrivenNode driven;
    private final UdpRuntime runtime;
    private final List<PeerId> senders = new CopyOnWriteArrayList<>();
    private final Path goal;

    /**
     * How a reference peer behaves besides its sockets and introducers.
     *
     * @param relayOnly       never punch: data goes through the first introducer's relay only
     * @param portMap         the gateway to ask for a port mapping, or null to ask none (a dual-stack
     *                        peer's IPv4 half asks it; IPv6 translates nothing)
     * @param keepAliveMillis how often the peer pings its introducers and keeps its paths alive
     * @param traces          hears every protocol step, on the peer's loop thread
     * @param keys            the peer's identity and the introducers' keys it trusts, or null to run
     *                        without keys (legacy: plain, its id given)
     * @param tap             sees every datagram the peer's sockets send and receive, on its loop thread
     */
    public record Behaviour(boolean relayOnly, PortMapGateway portMap, long keepAliveMillis, Consumer<TraceEvent> traces,
                            NodeSecurity keys, DatagramTap tap) {
    }

    /**
     * @param bind        the main UDP socket (the introducer design's LOCAL_PORT)
     * @param testPort    where the introducers' TEST must arrive
     * @param introducers two introducers (the first also introduces and relays)
     */
    public ReferencePeer(Endpoint bind, int testPort, List<Endpoint> introducers, PeerId id, Behaviour behaviour)
            throws IOException {
        this(bind.address(), behaviour, Set.copyOf(introducers), listener -> Scripted.of(new Peer(config("interop", bind.port(), testPort, introducers,
                behaviour, behaviour.portMap()), id, System.currentTimeMillis(), new SecureRandom(), listener)));
    }

    /**
     * A dual-stack reference peer on {@code bind}, the IPv6 wildcard (one dual-stack socket per port).
     *
     * @param ipv4        the IPv4 half's main and test ports, and its two IPv4 introducers
     * @param ipv6        the IPv6 half's, ports of its own
     */
    public static ReferencePeer dualStack(InetAddress bind, Half ipv4, Half ipv6, PeerId id, Behaviour behaviour)
            throws IOException {
        if (!bind.isAnyLocalAddress() || bind.getAddress().length != 16) {
            throw new IllegalArgumentException("a dual-stack peer binds the IPv6 wildcard ::, which takes both families, not "
                    + bind.getHostAddress());
        }
        PeerConfig four = config("interop-v4", ipv4.port(), ipv4.testPort(), ipv4.introducers(), behaviour, behaviour.portMap());
        PeerConfig six = config("interop-v6", ipv6.port(), ipv6.testPort(), ipv6.introducers(), behaviour, null);
        Set<Endpoint> introducers = new HashSet<>(ipv4.introducers());
        introducers.addAll(ipv6.introducers());
        return new ReferencePeer(bind, behaviour, introducers, listener -> Scripted.of(new DualStackPeer("interop", four, six, id,
                System.currentTimeMillis(), new SecureRandom(), listener)));
    }

    /** One family's half of a dual-stack peer: its ports and its two introducers. */
    public record Half(int port, int testPort, List<Endpoint> introducers) {
    }

    private ReferencePeer(InetAddress bind, Behaviour behaviour, Set<Endpoint> introducers, Function<AppDataListener, Scripted> peer)
            throws IOException {
        this.goal = behaviour.relayOnly() ? Path.RELAY : Path.DIRECT;
        this.peer = peer.apply((from, payload, now) -> senders.add(from));
        this.driven = behaviour.keys() == null ? DrivenNode.plain(this.peer.node())
                : DrivenNode.keyed(this.peer.node(), behaviour.keys(), introducers, "sessions");
        this.runtime = new UdpRuntime(driven.node(), bind, behaviour.traces(), behaviour.tap(), e -> { },
                System::currentTimeMillis);
        runtime.start();
    }

    private static PeerConfig config(String name, int port, int testPort, List<Endpoint> introducers, Behaviour behaviour,
            PortMapGateway portMap) {
        if (introducers.size() != 2) {
            throw new IllegalArgumentException("the NAT check needs two introducers, got " + introducers.size());
        }
        return PeerConfig.defaults(name, IntroducerLabels.of(introducers.get(0)), IntroducerLabels.of(introducers.get(1)))
                .withPorts(port, testPort).withRelayOnly(behaviour.relayOnly()).withKeepAlive(behaviour.keepAliveMillis())
                .toBuilder().portMap(portMap).build();
    }

    /** Waits until the NAT is classified (both halves' on a dual-stack peer); UNKNOWN if it was not by the deadline. */
    public NatType awaitNat(long deadline) throws InterruptedException {
        NatType nat = ask(p -> p.nat());
        while (nat == NatType.UNKNOWN && System.currentTimeMillis() < deadline) {
            Thread.sleep(POLL_MILLIS);
            nat = ask(p -> p.nat());
        }
        return nat;
    }

    /** Sends one message to {@code target} and waits for the goal path to it; returns the path it has then. */
    public Path connectAndSend(PeerId target, String message, long deadline) throws InterruptedException {
        byte[] payload = message.getBytes(StandardCharsets.UTF_8);
        runtime.execute((now, out) -> driven.call(now, out, inner -> peer.send(target, payload, now, inner)));
        return awaitGoalPath(target, deadline);
    }

    /** Waits until the path to {@code other} is the goal (direct, or the relay for a relay-only peer); returns the path it has then. */
    public Path awaitGoalPath(PeerId other, long deadline) throws InterruptedException {
        Path path = ask(p -> p.pathTo(other));
        while (path != goal && System.currentTimeMillis() < deadline) {
            Thread.sleep(POLL_MILLIS);
            path = ask(p -> p.pathTo(other));
        }
        return path;
    }

    /** The sender of the first message that arrived, or null before any. */
    public PeerId firstSender() {
        return senders.isEmpty() ? null : senders.get(0);
    }

    /** Waits for a message from any peer; returns its sender, or null by the deadline. */
    public PeerId awaitMessage(long deadline) throws InterruptedException {
        while (senders.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(POLL_MILLIS);
        }
        return senders.isEmpty() ? null : senders.get(0);
    }

    /** The family data to {@code other} goes on ("ipv4", "ipv6"), or null for a single-family peer. */
    public String familyTo(PeerId other) throws InterruptedException {
        return ask(p -> p.familyTo(other));
    }

    /** The NAT type of a dual-stack peer's IPv6 half, or null for a single-family peer. */
    public NatType ipv6Nat() throws InterruptedException {
        return ask(Scripted::ipv6Nat);
    }

    /** Reads the peer's state on its own event-loop thread. */
    private <T> T ask(Function<Scripted, T> query) throws InterruptedException {
        CompletableFuture<T> result = new CompletableFuture<>();
        runtime.execute((now, out) -> result.complete(query.apply(peer)));
        try {
            return result.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the peer's event loop did not answer: " + e, e);
        }
    }

    /** Deletes the port mapping (if any) as the last thing the loop sends, then closes the sockets. */
    @Override
    public void close() throws InterruptedException {
        runtime.stop((now, out) -> peer.stop(now, driven.innerEffects(out, now)), 2_000);
    }

    /** What the script asks of a single peer or a dual-stack one. */
    private interface Scripted {

        Node node();

        /** UNKNOWN until every half classified its NAT; the IPv4 half's type on a dual-stack peer. */
        NatType nat();

        NatType ipv6Nat();

        void send(PeerId target, byte[] payload, long now, Effects out);

        Path pathTo(PeerId other);

        String familyTo(PeerId other);

        void stop(long now, Effects out);

        static Scripted of(Peer peer) {
            return new Scripted() {
                public Node node() {
                    return peer;
                }

                public NatType nat() {
                    return peer.nat();
                }

                public NatType ipv6Nat() {
                    return null;
                }

                public void send(PeerId target, byte[] payload, long now, Effects out) {
                    peer.send(target, payload, now, out);
                }

                public Path pathTo(PeerId other) {
                    return peer.pathTo(other);
                }

                public String familyTo(PeerId other) {
                    return null;
                }

                public void stop(long now, Effects out) {
                    peer.stop(now, out);
                }
            };
        }

        static Scripted of(DualStackPeer dual) {
            return new Scripted() {
                public Node node() {
                    return dual;
                }

                public NatType nat() {
                    NatType six = dual.peer(Family.IPV6).nat();
                    return six == NatType.UNKNOWN ? six : dual.peer(Family.IPV4).nat();
                }

                public NatType ipv6Nat() {
                    return dual.peer(Family.IPV6).nat();
                }

                public void send(PeerId target, byte[] payload, long now, Effects out) {
                    dual.send(target, payload, now, out);
                }

                public Path pathTo(PeerId other) {
                    return dual.pathTo(other);
                }

                public String familyTo(PeerId other) {
                    Family family = dual.familyTo(other);
                    return family == null ? null : family.name().toLowerCase(java.util.Locale.ROOT);
                }

                public void stop(long now, Effects out) {
                    dual.stop(now, out);
                }
            };
        }
    }
}
