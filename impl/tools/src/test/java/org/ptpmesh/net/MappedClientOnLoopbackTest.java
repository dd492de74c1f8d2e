package org.ptpmesh.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.net.LoopbackMesh.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.analytics.AnalyticsRecorder;
import org.ptpmesh.analytics.AnalyticsStore;
import org.ptpmesh.analytics.Retention;
import org.ptpmesh.client.ClientConfig;
import org.ptpmesh.client.MeshClient;
import org.ptpmesh.portmap.PortMapDefaults;
import org.ptpmesh.portmap.PortMapGateway;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.testkit.GatewayAnswers;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.DecodeResult;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;

/**
 * A mesh client whose gateway (a PCP responder on a loopback address of its own) maps its port:
 * on real sockets, the server lists it at the mapped address, the other client probes that
 * address, and the analytics store says who is mapped and where.
 */
class MappedClientOnLoopbackTest {

    /** A loopback address no other test binds port 5351 on. */
    private static final String GATEWAY = "127.83.0.1";
    /** The mapped client's address, and its gateway's external one. */
    private static final String HOME = "127.83.0.2";

    @TempDir
    Path dir;

    @Test
    void theServerListsAMappedClientAtItsMappedPortAndStoresWhoIsMapped() throws Exception {
        Path db = dir.resolve("analytics.db");
        InetAddress loopback = LoopbackMesh.LOOPBACK;
        // another "public" IP than the other client's: behind one IP a client would be told the LAN address
        InetAddress home = InetAddress.getByName(HOME);
        int port = LocalAddresses.freeUdpPort(loopback);
        try (DatagramSocket forwarded = new DatagramSocket(new InetSocketAddress(home, 0));
             PcpResponder gateway = new PcpResponder(InetAddress.getByName(GATEWAY), home, forwarded.getLocalPort());
             LoopbackMesh mesh = new LoopbackMesh()) {
            AtomicReference<RendezvousServer> node = new AtomicReference<>();
            Endpoint mappedAt = new Endpoint(home, forwarded.getLocalPort());
            try (AnalyticsRecorder recorder = new AnalyticsRecorder(AnalyticsStore.open(db),
                    () -> node.get().drops().snapshot(), mesh.errors::add, Retention.defaults())) {
                node.set(mesh.server(LoopbackMesh.serverConfig(port), recorder).node());
                ClientConfig mappedConfig = LoopbackMesh.clientConfig(new Endpoint(loopback, port), home).toBuilder()
                        .portMap(new PortMapGateway(gateway.address(), home)).build();
                MeshClient mapped = mesh.run(new MeshClient(mappedConfig, new SecureRandom()), home, DatagramTap.NONE).node();
                MeshClient other = mesh.client(port).node();

                await("the mapped client's gateway answered", Duration.ofSeconds(5),
                        () -> mapped.snapshot().portMapping() != null);
                await("the other client lists it at its mapped port", Duration.ofSeconds(5),
                        () -> other.snapshot().peers().size() == 1
                                && other.snapshot().peers().get(0).address().equals(mappedAt.toString()));
                assertThat(probesTo(forwarded)).as("the other client's probes go to the mapped port").isPositive();
                Thread.sleep(2 * LoopbackMesh.REGISTER);
            }
            assertThat(mesh.errors).isEmpty();
            assertThat(gateway.requests()).isPositive();
            try (AnalyticsStore store = AnalyticsStore.open(db)) {
                assertThat(store.clients()).hasSize(2);
                assertThat(store.clients()).filteredOn(AnalyticsStore.ClientRow::gatewayForwards).singleElement()
                        .satisfies(c -> assertThat(c.mapped()).isEqualTo(mappedAt.toString()));
                assertThat(store.drops()).doesNotContainKey("mapped_elsewhere");
            }
        }
    }

    /** PROBEs arriving at {@code forwarded} within a second. */
    private static int probesTo(DatagramSocket forwarded) throws Exception {
        forwarded.setSoTimeout(200);
        int probes = 0;
        long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < until) {
            DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
            try {
                forwarded.receive(p);
            } catch (java.net.SocketTimeoutException quiet) {
                continue;
            }
            DecodeResult r = Codec.decode(Arrays.copyOf(p.getData(), p.getLength()));
            if (r instanceof DecodeResult.Decoded d && d.message().kind() == MessageKind.PROBE) {
                probes++;
            }
        }
        return probes;
    }

    /**
     * A gateway that grants every PCP MAP request: the requester's port forwarded from
     * {@code external:externalPort}, for two hours. Answers requests to delete (lifetime 0) alike.
     */
    private static final class PcpResponder implements AutoCloseable {

        private final DatagramSocket socket;
        private final AtomicInteger requests = new AtomicInteger();
        private final Thread thread;

        PcpResponder(InetAddress address, InetAddress external, int externalPort) throws SocketException {
            socket = new DatagramSocket(new InetSocketAddress(address, PortMapDefaults.GATEWAY_PORT));
            thread = new Thread(() -> serve(external, externalPort), "pcp-responder");
            thread.setDaemon(true);
            thread.start();
        }

        InetAddress address() {
            return socket.getLocalAddress();
        }

        int requests() {
            return requests.get();
        }

        private void serve(InetAddress external, int externalPort) {
            byte[] buffer = new byte[1100];
            while (!socket.isClosed()) {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(p);
                    // RFC 6887 section 11.1: the nonce at 24, the internal port at 40
                    byte[] nonce = Arrays.copyOfRange(p.getData(), 24, 36);
                    int internalPort = ((p.getData()[40] & 0xFF) << 8) | (p.getData()[41] & 0xFF);
                    byte[] grant = GatewayAnswers.pcpMap(0, 7200, nonce, 17, internalPort, externalPort, external);
                    socket.send(new DatagramPacket(grant, grant.length, p.getSocketAddress()));
                    requests.incrementAndGet();
                } catch (java.io.IOException closed) {
                    return;
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            thread.join(2_000);
        }
    }
}
