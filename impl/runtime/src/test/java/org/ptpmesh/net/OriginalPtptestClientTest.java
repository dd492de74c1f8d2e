package org.ptpmesh.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.ptpmesh.client.MeshClient;
import org.ptpmesh.rendezvous.RendezvousListener;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.rendezvous.ServerSnapshot;
import org.ptpmesh.wire.Endpoint;

/**
 * Two original ptptest 2014 clients (Python 2.7, the published code unmodified) on a ptpmesh
 * server on loopback: each answers the server's challenge as it answers any server MYTS, is
 * registered, and lists the other. Skipped, with the reason, where Python 2.7 or the copy of the
 * original (../shared/ptptest-2014, or the directory in PTPTEST_2014) is missing.
 */
class OriginalPtptestClientTest {

    /** The original's parser dies on a TLV it does not know: these lines would mean it did. */
    private static final List<String> PARSER_DEATH = List.of("Traceback", "KeyError", "Exception in thread");

    @Test
    void originalClientsProveTheirAddressAndListEachOther() throws Exception {
        Path original = originalCopy();
        Path python = python27();
        try (LoopbackMesh mesh = new LoopbackMesh()) {
            int port = LocalAddresses.freeUdpPort(LoopbackMesh.LOOPBACK);
            LoopbackMesh.Running<RendezvousServer> server = mesh.server(LoopbackMesh.serverConfig(port).withTimers(
                    2_000, 30_000, 0), RendezvousListener.NONE);
            List<String> log1 = new CopyOnWriteArrayList<>();
            List<String> log2 = new CopyOnWriteArrayList<>();
            Process c1 = start(python, original, port, log1);
            Process c2 = start(python, original, port, log2);
            try {
                LoopbackMesh.await("both original clients registered", Duration.ofSeconds(20),
                        () -> server.node().snapshot().clients() == 2);
                LoopbackMesh.await("each lists the other", Duration.ofSeconds(20),
                        () -> lists(log1) && lists(log2));
                ServerSnapshot s = server.node().snapshot();
                assertThat(s.rows()).extracting(ServerSnapshot.Row::audience).containsOnly("ptptest");
                assertThat(s.drops()).as("nothing they sent was refused").doesNotContainKeys("rule_violation",
                        "unexpected_kind", "not_registered", "answer_too_large");
            } finally {
                c1.destroy();
                c2.destroy();
                c1.waitFor(5, TimeUnit.SECONDS);
                c2.waitFor(5, TimeUnit.SECONDS);
            }
            for (List<String> log : List.of(log1, log2)) {
                assertThat(log).as("the original client's log").noneMatch(l -> PARSER_DEATH.stream().anyMatch(l::contains));
                assertThat(log).anyMatch(l -> l.contains("Server sees us as"));
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
        Path original = originalCopy();
        Path python = python27();
        InetAddress v6 = DatagramIoTest.ipv6Loopback();
        try (LoopbackMesh mesh = new LoopbackMesh()) {
            int port = LocalAddresses.freeUdpPort(InetAddress.getByName("::"));
            LoopbackMesh.Running<RendezvousServer> server = mesh.server(LoopbackMesh.serverConfig(port).withTimers(
                    2_000, 30_000, 0), RendezvousListener.NONE, InetAddress.getByName("::"));
            mesh.run(new MeshClient(LoopbackMesh.clientConfig(new Endpoint(v6, port), v6)), v6, DatagramTap.NONE);
            mesh.client(port);
            List<String> log = new CopyOnWriteArrayList<>();
            Process c = start(python, original, port, log);
            try {
                LoopbackMesh.await("three clients registered", Duration.ofSeconds(20),
                        () -> server.node().snapshot().clients() == 3);
                LoopbackMesh.await("it lists the IPv4 ptpmesh client", Duration.ofSeconds(20), () -> lists(log));
                // a few more publications, each of which would carry the IPv6 client if any did
                Thread.sleep(5_000);
            } finally {
                c.destroy();
                c.waitFor(5, TimeUnit.SECONDS);
            }
            assertThat(log).as("the original client's log").noneMatch(l -> PARSER_DEATH.stream().anyMatch(l::contains))
                    .noneMatch(l -> l.contains("Client count: 2"));
        }
    }

    /** The original logs "Client count: 1" (with -d) once a list naming the other client is in. */
    private static boolean lists(List<String> log) {
        return log.stream().anyMatch(l -> l.contains("Client count: 1"));
    }

    private static Process start(Path python, Path original, int port, List<String> log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(python.toString(), "-u", original.resolve("original/ptpclient").toString(),
                "-s", "127.0.0.1", "-p", Integer.toString(port), "--nostun", "-d").redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", original.resolve("pythonpath").toString());
        Process p = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    log.add(line);
                }
            } catch (IOException e) {
                log.add("reader: " + e);
            }
        }, "ptptest-2014-log");
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    /** The published ptptest 2014, as kept next to the repository (or where PTPTEST_2014 says). */
    static Path originalCopy() {
        String configured = System.getenv("PTPTEST_2014");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "..", "..", "shared", "ptptest-2014");
        assumeTrue(Files.isRegularFile(dir.resolve("original/ptpclient")),
                "the original ptptest 2014 is not at " + dir.toAbsolutePath() + " (set PTPTEST_2014)");
        return dir.toAbsolutePath().normalize();
    }

    /** Python 2.7: pyenv's 2.7.18, else python2.7 on the PATH. */
    static Path python27() throws IOException, InterruptedException {
        List<Path> candidates = new ArrayList<>();
        try {
            Process p = new ProcessBuilder("pyenv", "prefix", "2.7.18").redirectErrorStream(true).start();
            String prefix = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() == 0) {
                candidates.add(Path.of(prefix, "bin", "python"));
            }
        } catch (IOException e) {
            // no pyenv: try the PATH
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            candidates.add(Path.of(dir, "python2.7"));
        }
        Path found = candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(found != null, "Python 2.7 is missing (pyenv 2.7.18 or python2.7 on the PATH), which ptptest 2014 needs");
        return found;
    }
}
