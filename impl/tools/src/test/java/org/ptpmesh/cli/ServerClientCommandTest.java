package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.net.LocalAddresses;
import picocli.CommandLine;

/** ptpserver and ptpclient as a user runs them, on 127.0.0.1, then `ptpserver stats`. */
class ServerClientCommandTest {

    @TempDir
    Path dir;

    private final CapturedRun command = new CapturedRun();

    @Test
    void serverAndThreeClientsThenStatsShowTheirReports() throws Exception {
        Path db = dir.resolve("analytics.db");
        String port = String.valueOf(LocalAddresses.freeUdpPort(InetAddress.getLoopbackAddress()));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<Integer> server = pool.submit(() -> command.run(new PtpserverCommand(), "-s", "127.0.0.1", "-p", port,
                    "--db", db.toString(), "--publish-every", "1s", "--purge-after", "2s", "--exit-after", "4s"));
            Thread.sleep(500);
            List<Future<Integer>> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                // each client its own key: one key is one id, one registration
                String identity = dir.resolve("client" + i + "/identity").toString();
                clients.add(pool.submit(() -> command.run(new PtpclientCommand(), "-s", "127.0.0.1", "-p", port, "--nostun",
                        "--identity", identity, "--register-every", "300ms", "--probe-every", "100ms", "--exit-after", "2s")));
            }
            for (Future<Integer> c : clients) {
                assertThat(c.get(10, TimeUnit.SECONDS)).isZero();
            }
            assertThat(server.get(10, TimeUnit.SECONDS)).isZero();
        } finally {
            pool.shutdownNow();
        }
        StringWriter stats = new StringWriter();
        int status = Cli.commandLine(new PtpserverCommand()).setOut(new PrintWriter(stats)).execute("stats", "--db", db.toString(), "--json");
        assertThat(status).isZero();
        JsonNode json = new ObjectMapper().readTree(stats.toString());
        assertThat(json.get("clients")).hasSize(3);
        for (JsonNode c : json.get("clients")) {
            assertThat(c.get("lastDeparture").asText()).as("clients said goodbye").isEqualTo("shutdown");
        }
        assertThat(json.get("pairs")).hasSize(6);
        for (JsonNode p : json.get("pairs")) {
            assertThat(p.get("acked").asLong()).isPositive();
            assertThat(p.get("rttLast").asLong()).isBetween(0L, 500L);
        }

        StringWriter table = new StringWriter();
        Cli.commandLine(new PtpserverCommand()).setOut(new PrintWriter(table)).execute("stats", "--db", db.toString());
        assertThat(table.toString()).contains("clients (3, 0 mapped)").contains("peer reports").contains("drops");
    }

    @Test
    void statsWithoutADatabaseSaysSo() {
        int status = command.run(new PtpserverCommand(), "stats", "--db", dir.resolve("none.db").toString());
        assertThat(status).isEqualTo(Cli.EXIT_BAD_INPUT);
        assertThat(command.err.toString()).contains("no analytics database");
    }

    @Test
    void helpListsPtptestsFlags() {
        assertThat(command.run(new PtpclientCommand(), "--help")).isZero();
        assertThat(command.out.toString()).contains("-s, --server=<address>").contains("-p, --port=<port>").contains("--nostun")
                .contains("-d, --debug").contains("--hexdump").contains("--curses").contains("--loglines=<int>");
    }

    @Test
    void aConfigFileGivesDefaultsTheCommandLineOverrides() throws Exception {
        Path conf = dir.resolve("server.properties");
        Files.writeString(conf, "port = 30000\npublish-every = 2s\nlist-limit = 8\n");
        PtpserverCommand command = new PtpserverCommand();
        CommandLine cl = Cli.commandLine(command);
        String[] args = {"--config", conf.toString(), "--port", "30001"};
        ConfigFile.apply(cl, args);
        cl.parseArgs(args);
        assertThat(command.port).isEqualTo(30001);
        assertThat(command.publishEvery).isEqualTo(2_000);
        assertThat(command.listLimit).isEqualTo(8);
    }

    @Test
    void aBadDurationIsAUsageError() {
        assertThat(command.run(new PtpserverCommand(), "--publish-every", "soon")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(command.err.toString()).contains("not a duration: 'soon'");
    }

    @Test
    void aNegativeDropLogBudgetIsAUsageError() {
        assertThat(command.run(new PtpserverCommand(), "--log-drops", "-1")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(command.err.toString()).contains("--log-drops must not be negative");
    }

    @Test
    void aMisspeltConfigKeyIsRefusedNotIgnored() throws Exception {
        Path conf = dir.resolve("client.properties");
        Files.writeString(conf, "register-evry = 3s\n");
        CommandLine cl = Cli.commandLine(new PtpclientCommand());
        assertThatThrownBy(() -> ConfigFile.apply(cl, new String[] {"--config", conf.toString()}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option 'register-evry'").hasMessageContaining("register-every");
    }

    @Test
    void fewerThanOneLogLineIsAUsageErrorWithOrWithoutATerminal() {
        assertThat(command.run(new PtpclientCommand(), "--nostun", "--loglines", "0", "--exit-after", "1ms")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(command.err.toString()).contains("--loglines must be at least 1, got 0");
    }

    @Test
    void aTakenPortStopsTheServerWithAnErrorInsteadOfRunningDeaf() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            long started = System.currentTimeMillis();
            int status = command.run(new PtpserverCommand(), "-s", "127.0.0.1", "-p", String.valueOf(taken.getLocalPort()),
                    "--db", dir.resolve("a.db").toString(), "--exit-after", "20s");
            assertThat(status).isEqualTo(Cli.EXIT_BAD_INPUT);
            assertThat(System.currentTimeMillis() - started).as("stops at once, not at --exit-after").isLessThan(10_000);
            status = command.run(new PtpclientCommand(), "--nostun", "--local-port", String.valueOf(taken.getLocalPort()),
                    "--exit-after", "20s");
            assertThat(status).isEqualTo(Cli.EXIT_BAD_INPUT);
        }
    }

    @Test
    void anUnopenableDatabaseOrUnknownHostIsAUsageErrorNotAStackTrace() throws Exception {
        Files.writeString(dir.resolve("junk.db"), "this is not SQLite, and is longer than a header of one hundred bytes "
                + "so that SQLite reads it as a file that is not a database at all.");
        assertThat(command.run(new PtpserverCommand(), "-s", "127.0.0.1", "--db", dir.resolve("junk.db").toString(),
                "--exit-after", "1ms")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(command.err.toString()).contains("cannot open the analytics database").contains("--db");
        assertThat(command.run(new PtpserverCommand(), "-s", "nosuch.invalid", "--exit-after", "1ms")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(command.run(new PtpclientCommand(), "-s", "nosuch.invalid", "--nostun", "--exit-after", "1ms")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(command.err.toString()).contains("--server: cannot resolve 'nosuch.invalid'");
    }

    @Test
    void nostunReallyTurnsStunOff() throws Exception {
        try (DatagramSocket stun = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            String at = "127.0.0.1:" + stun.getLocalPort();
            String port = String.valueOf(LocalAddresses.freeUdpPort(InetAddress.getLoopbackAddress()));
            String db = dir.resolve("a.db").toString();
            // without --nostun both ask the STUN server first (and go on without an answer)
            assertThat(command.run(new PtpclientCommand(), "-p", port, "--stun", at, "--exit-after", "1ms")).isZero();
            assertThat(drain(stun)).isNotEmpty().allMatch(ServerClientCommandTest::isStunBindingRequest);
            assertThat(command.run(new PtpserverCommand(), "-s", "127.0.0.1", "-p", port, "--db", db, "--stun", at,
                    "--exit-after", "1ms")).isZero();
            assertThat(drain(stun)).isNotEmpty().allMatch(ServerClientCommandTest::isStunBindingRequest);
            // with it, not one datagram goes there, even though --stun names a server
            assertThat(command.run(new PtpclientCommand(), "-p", port, "--stun", at, "--nostun", "--exit-after", "300ms")).isZero();
            assertThat(command.run(new PtpserverCommand(), "-s", "127.0.0.1", "-p", port, "--db", db, "--stun", at, "--nostun",
                    "--exit-after", "300ms")).isZero();
            assertThat(drain(stun)).isEmpty();
        }
    }

    /** Everything that arrived, until nothing more comes for half a second. */
    private static List<byte[]> drain(DatagramSocket socket) throws Exception {
        socket.setSoTimeout(500);
        List<byte[]> got = new ArrayList<>();
        while (true) {
            DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException quiet) {
                return got;
            }
            got.add(java.util.Arrays.copyOf(p.getData(), p.getLength()));
        }
    }

    /** RFC 8489 section 5: type 0x0001 and the magic cookie 0x2112A442 in a 20-byte header. */
    private static boolean isStunBindingRequest(byte[] d) {
        ByteBuffer b = ByteBuffer.wrap(d);
        return d.length >= 20 && b.getShort(0) == 0x0001 && b.getInt(4) == 0x2112A442;
    }
}
