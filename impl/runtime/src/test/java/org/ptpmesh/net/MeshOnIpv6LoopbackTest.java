package org.ptpmesh.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.net.LoopbackMesh.await;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptpmesh.client.ClientSnapshot;
import org.ptpmesh.client.MeshClient;
import org.ptpmesh.rendezvous.RendezvousListener;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.wire.Endpoint;

/**
 * The mesh on IPv6: a server and clients on ::1, and a dual-stack server (bound on ::) that
 * clients of both families register with. Skipped where the machine has no IPv6 loopback.
 */
class MeshOnIpv6LoopbackTest {

    @Test
    void clientsOnIpv6LoopbackSeeEachOtherWithRtts() throws Exception {
        InetAddress v6 = DatagramIoTest.ipv6Loopback();
        try (LoopbackMesh mesh = new LoopbackMesh()) {
            int port = LocalAddresses.freeUdpPort(v6);
            Endpoint server = new Endpoint(v6, port);
            mesh.server(LoopbackMesh.serverConfig(port), RendezvousListener.NONE, v6);
            LoopbackMesh.Running<MeshClient> a = client(mesh, server, v6);
            LoopbackMesh.Running<MeshClient> b = client(mesh, server, v6);
            for (LoopbackMesh.Running<MeshClient> c : List.of(a, b)) {
                await("each lists the other with answered probes", Duration.ofSeconds(10), () -> answered(c, 1));
            }
            assertThat(a.node().snapshot().peers()).extracting(ClientSnapshot.PeerRow::address)
                    .containsExactly(b.node().yourAddress().orElseThrow().toString());
            assertThat(a.node().yourAddress().orElseThrow().toString()).startsWith("[::1]:");
            assertThat(a.node().snapshot().peers().get(0).metrics().rttLast()).isBetween(0L, 200L);
            assertThat(mesh.errors).isEmpty();
        }
    }

    @Test
    void aDualStackServerServesBothFamiliesAndEachClientProbesItsOwn() throws Exception {
        InetAddress v6 = DatagramIoTest.ipv6Loopback();
        InetAddress v4 = LoopbackMesh.LOOPBACK;
        try (LoopbackMesh mesh = new LoopbackMesh()) {
            int port = LocalAddresses.freeUdpPort(InetAddress.getByName("::"));
            LoopbackMesh.Running<RendezvousServer> server = mesh.server(LoopbackMesh.serverConfig(port),
                    RendezvousListener.NONE, InetAddress.getByName("::"));
            List<LoopbackMesh.Running<MeshClient>> fours = List.of(client(mesh, new Endpoint(v4, port), v4),
                    client(mesh, new Endpoint(v4, port), v4));
            List<LoopbackMesh.Running<MeshClient>> sixes = List.of(client(mesh, new Endpoint(v6, port), v6),
                    client(mesh, new Endpoint(v6, port), v6));
            await("four clients registered", Duration.ofSeconds(10), () -> server.node().snapshot().clients() == 4);
            for (LoopbackMesh.Running<MeshClient> c : fours) {
                await("an IPv4 client probes the other IPv4 one", Duration.ofSeconds(10), () -> answered(c, 1));
                assertThat(c.node().yourAddress().orElseThrow().isIpv4()).isTrue();
            }
            for (LoopbackMesh.Running<MeshClient> c : sixes) {
                await("an IPv6 client probes the other IPv6 one", Duration.ofSeconds(10), () -> answered(c, 1));
                assertThat(c.node().yourAddress().orElseThrow().isIpv4()).isFalse();
            }
            // the server saw each in its own family, IPv4 as plain IPv4 (not ::ffff:127.0.0.1)
            assertThat(server.node().snapshot().rows()).extracting(r -> r.external().startsWith("127.0.0.1:"))
                    .containsExactlyInAnyOrder(true, true, false, false);
            for (LoopbackMesh.Running<MeshClient> c : List.of(fours.get(0), fours.get(1), sixes.get(0), sixes.get(1))) {
                // nothing was sent across families (a send an IPv4 socket cannot make counts as a failure)
                assertThat(c.runtime().stats().sendFailures()).isZero();
            }
            assertThat(mesh.errors).isEmpty();
        }
    }

    private static LoopbackMesh.Running<MeshClient> client(LoopbackMesh mesh, Endpoint server, InetAddress local)
            throws Exception {
        return mesh.run(new MeshClient(LoopbackMesh.clientConfig(server, local)), local, DatagramTap.NONE);
    }

    /** It lists exactly {@code peers} others, each with at least three answered probes. */
    private static boolean answered(LoopbackMesh.Running<MeshClient> c, int peers) {
        ClientSnapshot s = c.node().snapshot();
        return s.peers().size() == peers && s.peers().stream().allMatch(p -> p.metrics().acked() >= 3);
    }
}
