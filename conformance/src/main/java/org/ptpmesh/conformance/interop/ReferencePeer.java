package org.ptpmesh.conformance.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.ptpmesh.introducer.IntroducerLabels;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.net.DatagramTap;
import org.ptpmesh.net.UdpRuntime;
import org.ptpmesh.peer.Path;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.portmap.PortMapGateway;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * The reference peer (the introducer design's Peer) on real UDP, scripted for interop adapters: it
 * classifies its NAT against two introducers, and then either connects to a target peer and sends
 * it a message (relay first, then direct once punching confirms a path), or waits for a message. A
 * relay-only peer never punches ({@link PeerConfig#relayOnly()}): its goal path is the relay.
 */
public final class ReferencePeer implements AutoCloseable {

    private static final long POLL_MILLIS = 50;

    private final Peer peer;
    private final UdpRuntime runtime;
    private final List<PeerId> senders = new CopyOnWriteArrayList<>();
    private final Path goal;

    /**
     * @param bind        the main UDP socket (the introducer design's LOCAL_PORT)
     * @param testPort    where the introducers' TEST must arrive
     * @param introducers two introducers (the first also introduces and relays)
     * @param relayOnly   never punch: data goes through the first introducer's relay only
     * @param portMap     the gateway to ask for a port mapping, or null to ask none
     */
    public ReferencePeer(Endpoint bind, int testPort, List<Endpoint> introducers, PeerId id, boolean relayOnly,
            PortMapGateway portMap) throws IOException {
        if (introducers.size() != 2) {
            throw new IllegalArgumentException("the NAT check needs two introducers, got " + introducers.size());
        }
        PeerConfig config = PeerConfig.defaults("interop", IntroducerLabels.of(introducers.get(0)), IntroducerLabels.of(introducers.get(1)))
                .withPorts(bind.port(), testPort).withRelayOnly(relayOnly).toBuilder().portMap(portMap).build();
        this.goal = relayOnly ? Path.RELAY : Path.DIRECT;
        this.peer = new Peer(config, id, System.currentTimeMillis(), new SecureRandom(), (from, payload, now) -> senders.add(from));
        InetAddress address = bind.address();
        this.runtime = new UdpRuntime(peer, address, e -> { }, DatagramTap.NONE, e -> { }, System::currentTimeMillis);
        runtime.start();
    }

    /** Waits until the NAT is classified; UNKNOWN if it was not by the deadline. */
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
        runtime.execute((now, out) -> peer.send(target, payload, now, out));
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

    /** Waits for a message from any peer; returns its sender, or null by the deadline. */
    public PeerId awaitMessage(long deadline) throws InterruptedException {
        while (senders.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(POLL_MILLIS);
        }
        return senders.isEmpty() ? null : senders.get(0);
    }

    /** Reads the peer's state on its own event-loop thread. */
    private <T> T ask(Function<Peer, T> query) throws InterruptedException {
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
        runtime.stop(peer::stop, 2_000);
    }
}
