package org.ptpmesh.net;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.nio.ByteBuffer;
import org.ptpmesh.client.ClientConfig;
import org.ptpmesh.client.MeshClient;
import org.ptpmesh.node.Node;
import org.ptpmesh.rendezvous.RendezvousListener;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.rendezvous.ServerConfig;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.Endpoint;

/**
 * A server and clients on 127.0.0.1 (or addresses the test gives) with short timers, each on its own real UDP runtime, for
 * end-to-end tests. Closing it stops everything it started.
 */
final class LoopbackMesh implements AutoCloseable {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** Short test timers: register 300 ms, probe 100 ms, loss 400 ms, publish 1 s, purge 1.2 s. */
    static final long REGISTER = 300;
    static final long PROBE = 100;
    static final long LOSS = 400;
    static final long PUBLISH = 1_000;
    static final long PURGE = 1_200;

    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final List<TraceEvent> serverTrace = new CopyOnWriteArrayList<>();
    private final List<UdpRuntime> runtimes = new ArrayList<>();

    record Running<N>(N node, UdpRuntime runtime) {
    }

    static ServerConfig serverConfig(int port) {
        return ServerConfig.defaults().withPort(port).withTimers(PUBLISH, PURGE, 50);
    }

    Running<RendezvousServer> server(ServerConfig config, RendezvousListener listener) throws IOException {
        return server(config, listener, LOOPBACK);
    }

    /** A server bound on {@code bind} ({@code ::} for both families). */
    Running<RendezvousServer> server(ServerConfig config, RendezvousListener listener, InetAddress bind) throws IOException {
        RendezvousServer server = new RendezvousServer(config, listener, new java.security.SecureRandom());
        UdpRuntime rt = new UdpRuntime(server, bind, serverTrace::add, DatagramTap.NONE, errors::add,
                System::currentTimeMillis);
        rt.start();
        runtimes.add(rt);
        return new Running<>(server, rt);
    }

    Running<MeshClient> client(int serverPort) throws IOException {
        return client(serverPort, DatagramTap.NONE);
    }

    /** A client whose every datagram in and out {@code tap} sees. */
    Running<MeshClient> client(int serverPort, DatagramTap tap) throws IOException {
        return run(new MeshClient(clientConfig(new Endpoint(LOOPBACK, serverPort), LOOPBACK)), LOOPBACK, tap);
    }

    /** A client on {@code local} (its family is the server's), with the short test timers. */
    static ClientConfig clientConfig(Endpoint server, InetAddress local) {
        int port = LocalAddresses.freeUdpPort(local);
        return ClientConfig.of(server, port, new Endpoint(local, port), uuid()).withTimers(REGISTER, PROBE, LOSS);
    }

    /** Runs {@code node} on its own runtime until this mesh closes. */
    <N extends Node> Running<N> run(N node, DatagramTap tap) throws IOException {
        return run(node, LOOPBACK, tap);
    }

    /** Runs {@code node} on its own runtime, bound on {@code local}, until this mesh closes. */
    <N extends Node> Running<N> run(N node, InetAddress local, DatagramTap tap) throws IOException {
        UdpRuntime rt = new UdpRuntime(node, local, e -> { }, tap, errors::add, System::currentTimeMillis);
        rt.start();
        runtimes.add(rt);
        return new Running<>(node, rt);
    }

    static byte[] uuid() {
        UUID u = UUID.randomUUID();
        return ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
    }

    /** Polls {@code condition} until it holds; fails with {@code what} after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        for (UdpRuntime rt : runtimes) {
            rt.close();
        }
    }
}
