package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.analytics.AnalyticsStore;

/** {@code ptpserver stats} shows when each client was last heard from and its latest META. */
class PtpserverStatsCommandTest {

    /** What ptptest 2014's client reports: its view of its server, as Python's json.dumps writes it. */
    private static final String PTPTEST_META = "{\"127.0.0.1-24115\": {\"stats\": {\"ackd\": 4, \"rcvd\": 11, \"sent\": 4,"
            + " \"lost\": 0, \"rtt\": 0.0011720657348632812}, \"name\": \"127.0.0.1\", \"sequence\": 23}}";

    @TempDir
    Path dir;

    private Path database() throws Exception {
        Path db = dir.resolve("stats.db");
        try (AnalyticsStore store = AnalyticsStore.open(db)) {
            store.joined("97b56106f1c511f1941a02fc00000001", 1_000, "127.0.0.1:36820", "127.0.0.1:36820", -1, "ptptest");
            store.heard("97b56106f1c511f1941a02fc00000001", 15_000);
            store.latestMeta("97b56106f1c511f1941a02fc00000001", 14_000, PTPTEST_META);
            store.joined("5050000000000000000000000000000a", 2_000, "127.0.0.1:40000", "127.0.0.1:40000", 0, "ptpmesh");
            store.portMapping("5050000000000000000000000000000a", 1, "127.0.0.1:3456");
            store.commit();
        }
        return db;
    }

    private String run(String... args) {
        StringWriter out = new StringWriter();
        int status = Cli.commandLine(new PtpserverCommand()).setOut(new PrintWriter(out)).execute(args);
        assertThat(status).isZero();
        return out.toString();
    }

    @Test
    void theTableShowsLastSeenAndTheLatestMetaCut() throws Exception {
        String table = run("stats", "--db", database().toString());
        String row = table.lines().filter(l -> l.startsWith("97b56106")).findFirst().orElseThrow();
        assertThat(row).contains(Instant.ofEpochMilli(15_000).toString())
                .contains(PTPTEST_META.substring(0, PtpserverStatsCommand.META_WIDTH - 3) + "...")
                .doesNotContain(PTPTEST_META.substring(PtpserverStatsCommand.META_WIDTH));
        assertThat(table).contains("last META");
        assertThat(table.lines().filter(l -> l.startsWith("50500000")).findFirst().orElseThrow()).endsWith("-");
    }

    @Test
    void theTableCountsWhoIsMappedAndShowsWhere() throws Exception {
        String table = run("stats", "--db", database().toString());
        assertThat(table).contains("clients (2, 1 mapped)").contains("mapped");
        assertThat(table.lines().filter(l -> l.startsWith("50500000")).findFirst().orElseThrow())
                .contains("yes, at 127.0.0.1:3456");
        assertThat(table.lines().filter(l -> l.startsWith("97b56106")).findFirst().orElseThrow())
                .as("a ptptest 2014 client says nothing of a mapping").doesNotContain("yes").doesNotContain("no ");
    }

    @Test
    void jsonSaysWhatEachClientSaidOfItsPortMapping() throws Exception {
        JsonNode clients = new ObjectMapper().readTree(run("stats", "--db", database().toString(), "--json")).get("clients");
        assertThat(clients.get(0).get("upnp").asInt()).isEqualTo(-1);
        assertThat(clients.get(0).get("mapped").isNull()).isTrue();
        assertThat(clients.get(1).get("upnp").asInt()).isEqualTo(1);
        assertThat(clients.get(1).get("mapped").asText()).isEqualTo("127.0.0.1:3456");
    }

    @Test
    void jsonHasTheWholeMetaAsTheJsonValueItIs() throws Exception {
        JsonNode json = new ObjectMapper().readTree(run("stats", "--db", database().toString(), "--json"));
        JsonNode ptptest = json.get("clients").get(0);
        assertThat(ptptest.get("lastSeen").asLong()).isEqualTo(15_000);
        assertThat(ptptest.get("lastMetaAt").asLong()).isEqualTo(14_000);
        assertThat(ptptest.get("lastMeta")).isEqualTo(new ObjectMapper().readTree(PTPTEST_META));
        assertThat(json.get("clients").get(1).get("lastMeta").isNull()).isTrue();
        assertThat(json.get("clients").get(1).get("lastMetaAt").isNull()).isTrue();
    }

    /** A file written by hand (or by another tool) may hold META that is not JSON: shown as text, not a crash. */
    @Test
    void metaThatIsNotJsonIsShownAsText() throws Exception {
        Path db = database();
        try (AnalyticsStore store = AnalyticsStore.open(db)) {
            store.latestMeta("5050000000000000000000000000000a", 3_000, "{oops");
            store.commit();
        }
        JsonNode json = new ObjectMapper().readTree(run("stats", "--db", db.toString(), "--json"));
        assertThat(json.get("clients").get(1).get("lastMeta").asText()).isEqualTo("{oops");
    }

    @Test
    void aShortMetaIsShownWhole() {
        assertThat(PtpserverStatsCommand.abbreviated("{\"a\":1}")).isEqualTo("{\"a\":1}");
        assertThat(PtpserverStatsCommand.abbreviated(null)).isEqualTo("-");
        assertThat(PtpserverStatsCommand.abbreviated("x".repeat(100))).hasSize(PtpserverStatsCommand.META_WIDTH);
    }
}
