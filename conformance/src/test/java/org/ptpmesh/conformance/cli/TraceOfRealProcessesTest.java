package org.ptpmesh.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.cli.Cli;
import org.ptpmesh.cli.PtpclientCommand;
import org.ptpmesh.cli.PtpserverCommand;

/**
 * Traces from every real source, replayed together: two ptpservers (the introducers, on
 * 127.0.0.1 and 127.0.0.2: the NAT check needs two addresses), two ptpclients classifying their
 * NAT against them, and a ptpconform peer, each on real loopback sockets with {@code --trace} to
 * its own file for a few seconds. {@code ptpconform trace} on the five files must match every
 * peer node in the keepalive and nat-check mappings, with the keepalive short enough that each
 * node logs several ticks, and the rendezvous server with its two clients as one behaviour.
 */
class TraceOfRealProcessesTest {

    private static final String KEEPALIVE = "2s";
    private static final String RUN = "7s";

    @TempDir
    static Path dir;

    private static final List<Path> TRACES = new ArrayList<>();

    @BeforeAll
    static void runServersClientsAndAPeer() throws Exception {
        int port = freePort();
        String introducers = "127.0.0.1:" + port + ",127.0.0.2:" + port;
        ExecutorService processes = Executors.newFixedThreadPool(5);
        try {
            List<Future<Integer>> exits = new ArrayList<>();
            for (String host : List.of("127.0.0.1", "127.0.0.2")) {
                Path trace = trace("server-" + host);
                exits.add(processes.submit(() -> Cli.execute(new PtpserverCommand(), "-s", host, "-p", "" + port, "--nostun",
                        "--db", dir.resolve(host + ".db").toString(), "--exit-after", "9s", "--trace", trace.toString())));
            }
            Thread.sleep(500); // the clients would retry anyway; this keeps their first pings answered
            for (int c = 1; c <= 2; c++) {
                Path trace = trace("client" + c);
                String[] args = {"-s", "127.0.0.1", "-p", "" + port, "--bind", "127.0.0.1", "--nostun", "--no-port-mapping",
                    "--introducers", introducers, "--nat-port", "" + freePort(), "--nat-test-port", "" + freePort(),
                    "--keepalive", KEEPALIVE, "--exit-after", RUN, "--trace", trace.toString(), "--trace-node", "client" + c,
                    // each client its own key: one key is one id
                    "--identity", dir.resolve("client" + c + "/identity").toString()};
                exits.add(processes.submit(() -> Cli.execute(new PtpclientCommand(), args)));
            }
            Path peerTrace = trace("peer");
            String[] peerArgs = {"peer", "--legacy", "--bind", "127.0.0.1:" + freePort(), "--test-port", "" + freePort(), "--introducers",
                introducers, "--id", "0123456789abcdef0123456789abcdef", "--keepalive", KEEPALIVE, "--timeout", RUN,
                "--trace", peerTrace.toString()};
            exits.add(processes.submit(() -> PtpconformRun.of(peerArgs).exit()));
            for (Future<Integer> exit : exits) {
                assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            processes.shutdownNow();
        }
    }

    private static Path trace(String name) {
        Path file = dir.resolve(name + ".ndjson");
        TRACES.add(file);
        return file;
    }

    @Test
    void everyPeerAndTheRendezvousServerOfEveryProcessMatch() throws Exception {
        List<String> args = new ArrayList<>(List.of("trace"));
        TRACES.forEach(t -> args.add(t.toString()));
        args.addAll(List.of("--work-dir", dir.resolve("work").toString(), "--keepalive-ms", "2000"));

        PtpconformRun r = PtpconformRun.of(args.toArray(String[]::new));

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        for (String node : List.of("client1/natcheck", "client2/natcheck", "01234567/interop")) {
            assertThat(r.out()).contains("keepalive  " + node).contains("nat-check  " + node);
        }
        // the rendezvous server the clients registered with, and its clients, as one behaviour
        assertThat(r.out()).containsPattern("rendezvous 127\\.0\\.0\\.1:\\d+/server +MATCH");
        assertThat(r.out()).contains("7 replay(s): 7 matched, 0 not");
        // each client pinged its introducers at several keepalive ticks: the keepalive replay had something to check
        assertThat(Files.readAllLines(dir.resolve("client1.ndjson")).stream()
                .filter(l -> l.contains("\"event\":\"KeepAliveTick\"")).count()).isGreaterThanOrEqualTo(2);
        // the servers' traces are there, under their addresses; the second, only an introducer, registered no client
        assertThat(Files.readString(dir.resolve("server-127.0.0.2.ndjson"))).contains("\"node\":\"127.0.0.2:");
    }

    @Test
    void theSameRealTracesReplayedWithTimersOtherThanTheProcessesDoNotMatch() {
        // the proof that replaying real traces can fail: told of a 4 s keepalive, the model must not
        // produce the 2 s ticks the clients logged
        PtpconformRun r = PtpconformRun.of("trace", dir.resolve("client1.ndjson").toString(), dir.resolve("server-127.0.0.1.ndjson")
                .toString(), "--work-dir", dir.resolve("work-wrong").toString(), "--mapping", "keepalive", "--keepalive-ms", "4000");

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("keepalive  client1/natcheck").contains("NO MATCH")
                .containsPattern("first event the model cannot produce \\(line \\d+ of client1.ndjson\\)")
                .contains("1 replay(s): 0 matched, 1 not");
    }

    @Test
    void aProcessGivenTwiceIsRefusedAsOneNodeInTwoFiles() {
        String client = dir.resolve("client1.ndjson").toString();
        PtpconformRun r = PtpconformRun.of("trace", client, client, "--work-dir", dir.resolve("work-twice").toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("node 'client1/").contains("is in both client1.ndjson and client1.ndjson")
                .contains("--trace-node");
    }

    private static int freePort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
