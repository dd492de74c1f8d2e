package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.wire.json.WireJson;

class SimCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        return Cli.commandLine(new PtpmeshCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void theDefaultMeshClassifiesEveryPeerAndConnectsEveryPairAsExpected() throws Exception {
        assertThat(run("sim", "--json", "--duration", "60s")).isZero();
        JsonNode report = WireJson.MAPPER.readTree(out.toString());
        assertThat(report.get("peers")).hasSize(11);
        for (JsonNode p : report.get("peers")) {
            assertThat(p.get("classifiedRight").asBoolean()).as(p.toString()).isTrue();
            boolean behindMappingRouter = p.get("natKind").asText().endsWith("+map");
            assertThat(p.get("mappedAddress").isNull()).as(p.toString()).isEqualTo(!behindMappingRouter);
        }
        int asExpected = 0;
        for (JsonNode pair : report.get("pairs")) {
            boolean expected = pair.get("kind").asText().equals(pair.get("expected").asText());
            asExpected += expected ? 1 : 0;
            assertThat(pair.get("kind").asText()).isNotEqualTo("failed");
            if (!expected) {
                // The birthday strategy misses about 2% of the time by design; then, and only
                // then, the pair must have spent every probe and fallen back to the relay.
                assertThat(pair.get("strategy").asText()).as(pair.toString()).startsWithIgnoringCase("birthday");
                assertThat(pair.get("probes").asInt()).as(pair.toString()).isEqualTo(1000);
                assertThat(pair.get("kind").asText()).as(pair.toString()).isEqualTo("relayed");
            }
        }
        assertThat(asExpected).isGreaterThanOrEqualTo(report.get("pairs").size() - 1);
        for (JsonNode pair : report.get("pairs")) {
            if (pair.get("to").asText().equals("hard+map")) {
                // every side, Hard ones included, reaches the mapped port directly: no birthday probes
                assertThat(pair.get("strategy").asText()).as(pair.toString()).isEqualTo("DIRECT");
                assertThat(pair.get("kind").asText()).as(pair.toString()).isEqualTo("direct");
            }
        }
        assertThat(report.get("relayedDatagrams").asLong()).isPositive();
    }

    @Test
    void sameSeedSameReportAndTraceFile() throws Exception {
        Path t1 = dir.resolve("1.ndjson");
        Path t2 = dir.resolve("2.ndjson");
        assertThat(run("sim", "--peer", "a=linux-easy", "--peer", "b=linux-hard", "--peer", "c=easy@a", "--connect", "all",
                "--duration", "20s", "--seed", "5", "--trace", t1.toString(), "--json")).isZero();
        JsonNode first = WireJson.MAPPER.readTree(out.toString());
        out.getBuffer().setLength(0);
        assertThat(run("sim", "--peer", "a=linux-easy", "--peer", "b=linux-hard", "--peer", "c=easy@a", "--connect", "all",
                "--duration", "20s", "--seed", "5", "--trace", t2.toString(), "--json")).isZero();
        JsonNode second = WireJson.MAPPER.readTree(out.toString());
        assertThat(second.get("pairs")).isEqualTo(first.get("pairs"));
        assertThat(Files.readAllLines(t2)).isEqualTo(Files.readAllLines(t1)).isNotEmpty();
        List<String> lines = Files.readAllLines(t1);
        assertThat(WireJson.MAPPER.readTree(lines.get(0)).has("event")).isTrue();
        assertThat(lines).anyMatch(l -> l.contains("\"event\":\"PathConfirmed\""));
        // c shares a's NAT: it is introduced with the LAN address
        assertThat(first.get("pairs").toString()).contains("\"strategy\":\"LAN\"");
    }

    @Test
    void aHardPeerWithAMappingConnectsDirectlyAndOneWhoseRouterRefusesStaysHard() throws Exception {
        assertThat(run("sim", "--peer", "a=hard+map", "--peer", "b=linux-hard", "--peer", "c=hard+map-refused",
                "--connect", "a:b", "--connect", "c:b", "--duration", "20s", "--json")).isZero();
        JsonNode report = WireJson.MAPPER.readTree(out.toString());
        assertThat(report.get("peers").get(0).get("natClassified").asText()).isEqualTo("STATIC");
        assertThat(report.get("peers").get(2).get("natClassified").asText()).isEqualTo("HARD");
        assertThat(report.get("pairs").get(0).get("strategy").asText()).isEqualTo("DIRECT");
        assertThat(report.get("pairs").get(0).get("kind").asText()).isEqualTo("direct");
        assertThat(report.get("pairs").get(1).get("kind").asText()).as("Hard and Hard: the relay").isEqualTo("relayed");
    }

    @Test
    void badFlagsAreRefusedWithAMessage() {
        assertThat(run("sim", "--peer", "a=weird")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown NAT kind 'weird'");
        assertThat(run("sim", "--peer", "a=easy", "--connect", "a:z")).isEqualTo(2);
        assertThat(err.toString()).contains("--connect wants FROM:TO");
        assertThat(run("sim", "--duration", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("is not a duration");
        assertThat(run("sim", "--loss", "1.5")).isEqualTo(2);
        assertThat(err.toString()).contains("loss must be in [0, 1)");
    }

    @Test
    void birthdayPrintsMeasuredAndAnalyticOdds() throws Exception {
        assertThat(run("sim", "birthday", "--runs", "20", "--seed", "3")).isZero();
        JsonNode r = WireJson.MAPPER.readTree(out.toString());
        assertThat(r.get("runs").asInt()).isEqualTo(20);
        assertThat(r.get("analytic_success_rate").asDouble()).isBetween(0.980, 0.982);
        assertThat(r.get("analytic_success_rate_all_ports").asDouble()).isBetween(0.9795, 0.9805);
        assertThat(r.get("success_rate").asDouble()).isGreaterThanOrEqualTo(0.8);
        assertThat(r.get("mean_probes").asDouble()).isBetween(50.0, 600.0);
    }

    @Test
    void helpExplainsTheScenariosAndKeepsItsParagraphsWhole() {
        assertThat(run("sim", "--help")).isZero();
        String help = out.toString();
        assertThat(help).contains("Scenarios: mesh", "linux-hard", "hard+map-silent", "--trace=FILE", "ptpmesh sim birthday --runs 1000");
        // Paragraphs are wrapped by picocli, not broken by hand into lines it wraps again.
        assertThat(help).doesNotContain("(virtual\ntime").doesNotContain("Linux\nNAT");
    }
}
