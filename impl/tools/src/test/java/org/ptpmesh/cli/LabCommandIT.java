package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ptpmesh.lab.LabSupport;
import org.ptpmesh.wire.json.WireJson;

class LabCommandIT {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.commandLine(new PtpmeshCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void anUnknownNatKindIsRefusedWithTheKindsThereAre() {
        assertThat(run("lab", "matrix", "--kinds", "easy,cone")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("unknown lab NAT kind 'cone'").contains("static, easy, hard");
    }

    @Test
    void aLossOutsideZeroToHundredIsRefused() {
        assertThat(run("lab", "matrix", "--loss", "120")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("--loss must be 0-100");
    }

    @Tag("lab")
    @Test
    void upBuildsAConnectedPairAndTearsItDownOnExit() throws Exception {
        Assumptions.assumeTrue(LabSupport.unavailableReason().isEmpty(),
                () -> "lab test skipped: " + LabSupport.unavailableReason().orElse(""));
        assertThat(run("lab", "up", "--a", "easy", "--b", "static", "--exit-after", "200ms")).isZero();
        assertThat(out.toString()).contains("easy->static: direct").contains("easy NAT, wan 203.0.113.2")
                .contains("classified EASY").contains("classified STATIC");
        String namespace = out.toString().lines().filter(l -> l.contains("internet router")).findFirst().orElseThrow().split(" ")[0];
        assertThat(new String(new ProcessBuilder("ip", "netns", "list").start().getInputStream().readAllBytes()))
                .doesNotContain(namespace);
    }

    @Tag("lab")
    @Test
    void theMatrixOfStaticAndEasyIsAllDirectAsJson() throws Exception {
        Assumptions.assumeTrue(LabSupport.unavailableReason().isEmpty(),
                () -> "lab test skipped: " + LabSupport.unavailableReason().orElse(""));
        assertThat(run("lab", "matrix", "--kinds", "static,easy", "--json", "--parallel", "2")).isZero();
        JsonNode pairs = WireJson.MAPPER.readTree(out.toString()).get("pairs");
        assertThat(pairs).hasSize(4);
        for (JsonNode p : pairs) {
            assertThat(p.get("result").asText()).as(p.toString()).isEqualTo("direct");
            assertThat(p.get("fromClassified").asText()).isEqualTo(p.get("from").asText().toUpperCase());
            assertThat(p.get("toClassified").asText()).isEqualTo(p.get("to").asText().toUpperCase());
        }
        assertThat(err.toString()).contains("(4/4)");
    }
}
