package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
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

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Object command, String... args) {
        return Cli.commandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void serverAndThreeClientsThenStatsShowTheirReports() throws Exception {
        Path db = dir.resolve("analytics.db");
        String port = String.valueOf(LocalAddresses.freeUdpPort(InetAddress.getLoopbackAddress()));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<Integer> server = pool.submit(() -> run(new PtpserverCommand(), "-s", "127.0.0.1", "-p", port,
                    "--db", db.toString(), "--publish-every", "1s", "--purge-after", "2s", "--exit-after", "4s"));
            Thread.sleep(500);
            List<Future<Integer>> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clients.add(pool.submit(() -> run(new PtpclientCommand(), "-s", "127.0.0.1", "-p", port, "--nostun",
                        "--register-every", "300ms", "--probe-every", "100ms", "--exit-after", "2s")));
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
        assertThat(table.toString()).contains("clients (3)").contains("peer reports").contains("drops");
    }

    @Test
    void statsWithoutADatabaseSaysSo() {
        int status = run(new PtpserverCommand(), "stats", "--db", dir.resolve("none.db").toString());
        assertThat(status).isEqualTo(Cli.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("no analytics database");
    }

    @Test
    void helpListsPtptestsFlags() {
        assertThat(run(new PtpclientCommand(), "--help")).isZero();
        assertThat(out.toString()).contains("-s, --server=<address>").contains("-p, --port=<port>").contains("--nostun")
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
        assertThat(run(new PtpserverCommand(), "--publish-every", "soon")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("not a duration: 'soon'");
    }
}
