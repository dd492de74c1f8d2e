package org.ptpmesh.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.client.MeshClient;
import org.ptpmesh.rendezvous.RendezvousListener;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.rendezvous.ServerSnapshot;
import org.ptpmesh.wire.Endpoint;

/**
 * Two original ptptest 2014 clients (Python 2.7, the published code unmodified) on a ptpmesh
 * server on loopback: each answers the server's challenge as it answers any server MYTS, is
 * registered, and lists the other. Skipped, with the reason, where Python 2.7 or the copy of the
 * original (../shared/ptptest-2014, or the directory in PTPTEST_2014) is missing ({@link OriginalPtptest}).
 */
class OriginalPtptestClientTest {

    /** The original's parser dies on a TLV it does not know: these lines would mean it did. */
    private static final List<String> PARSER_DEATH = List.of("Traceback", "KeyError", "Exception in thread");

    @TempDir
    Path logs;

    @Test
    void originalClientsProveTheirAddressAndListEachOther() throws Exception {
        assumeTrue(OriginalPtptest.missing().isEmpty(), () -> "skipped: " + OriginalPtptest.missing().orElseThrow());
        try (LoopbackMesh mesh = new LoopbackMesh(); OriginalPtptest original = OriginalPtptest.open(logs)) {
            int port = LocalAddresses.freeUdpPort(LoopbackMesh.LOOPBACK);
            LoopbackMesh.Running<RendezvousServer> server = mesh.server(LoopbackMesh.serverConfig(port).withTimers(
                    2_000, 30_000, 0), RendezvousListener.NONE);
            OriginalPtptest.Launched c1 = original.client(port, "-d");
            OriginalPtptest.Launched c2 = original.client(port, "-d");
            LoopbackMesh.await("both original clients registered", Duration.ofSeconds(20),
                    () -> server.node().snapshot().clients() == 2);
            LoopbackMesh.await("each lists the other", Duration.ofSeconds(20), () -> lists(c1) && lists(c2));
            ServerSnapshot s = server.node().snapshot();
            assertThat(s.rows()).extracting(ServerSnapshot.Row::audience).containsOnly("ptptest");
            assertThat(s.drops()).as("nothing they sent was refused").doesNotContainKeys("rule_violation",
                    "unexpected_kind", "not_registered", "answer_too_large");
            for (OriginalPtptest.Launched client : List.of(c1, c2)) {
                String log = client.output() + client.errors();
                assertThat(PARSER_DEATH).as("the original client's log:%n%s", log).noneMatch(log::contains);
                assertThat(log).contains("Server sees us as");
            }
        }
    }

    /**
     * ptptest 2014 is IPv4 only (AF_INET sockets, addresses looked up as IPv4). On a dual-stack
     * server it registers over IPv4 and is listed the IPv4 clients only: an IPv6 one is registered
     * too but left out of its lists, which it could neither reach nor decode right.
     */
    @Test
    void anOriginalClientOnADualStackServerIsListedOnlyIpv4Clients() throws Exception {
        assumeTrue(OriginalPtptest.missing().isEmpty(), () -> "skipped: " + OriginalPtptest.missing().orElseThrow());
        InetAddress v6 = DatagramIoTest.ipv6Loopback();
        try (LoopbackMesh mesh = new LoopbackMesh(); OriginalPtptest original = OriginalPtptest.open(logs)) {
            int port = LocalAddresses.freeUdpPort(InetAddress.getByName("::"));
            LoopbackMesh.Running<RendezvousServer> server = mesh.server(LoopbackMesh.serverConfig(port).withTimers(
                    2_000, 30_000, 0), RendezvousListener.NONE, InetAddress.getByName("::"));
            mesh.run(new MeshClient(LoopbackMesh.clientConfig(new Endpoint(v6, port), v6)), v6, DatagramTap.NONE);
            mesh.client(port);
            OriginalPtptest.Launched c = original.client(port, "-d");
            LoopbackMesh.await("three clients registered", Duration.ofSeconds(20),
                    () -> server.node().snapshot().clients() == 3);
            LoopbackMesh.await("it lists the IPv4 ptpmesh client", Duration.ofSeconds(20), () -> lists(c));
            // a few more publications, each of which would carry the IPv6 client if any did
            Thread.sleep(5_000);
            String log = c.output() + c.errors();
            assertThat(PARSER_DEATH).as("the original client's log:%n%s", log).noneMatch(log::contains);
            assertThat(log).doesNotContain("Client count: 2");
        }
    }

    /** The original logs "Client count: 1" (with -d) once a list naming the other client is in. */
    private static boolean lists(OriginalPtptest.Launched client) {
        return client.output().contains("Client count: 1");
    }
}
