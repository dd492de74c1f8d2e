package org.ptpmesh.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.conformance.tla.SpecLocator;

class TlcCommandTest {

    @TempDir
    static Path dir;

    private static Path spec;

    @BeforeAll
    static void findSpec() {
        spec = SpecLocator.find().orElseThrow(() -> new IllegalStateException("spec/manifest.json not found"));
    }

    @Test
    void listShowsWhatTheManifestExpectsAndRunsNothing() {
        PtpconformRun ci = PtpconformRun.of("tlc", "--list");
        PtpconformRun large = PtpconformRun.of("tlc", "--list", "--large");

        assertThat(ci.exit()).as(ci.err()).isZero();
        assertThat(ci.out()).contains("MCKeepalive_MutantRetries")
                .contains("expect=liveness-violation violates=AnsweringPeerStaysActive")
                .doesNotContain("MCKeepalive_Large").doesNotContain("STATES");
        assertThat(large.exit()).as(large.err()).isZero();
        assertThat(large.out()).contains("MCKeepalive_Large", "MCBulkTransfer_Large", "MCRendezvous_Large",
                "MCNatTraversal_Large").doesNotContain("MCKeepalive_Reach");
    }

    @Test
    void oneModelRunsInTlcAndIsComparedWithTheManifest() {
        PtpconformRun r = PtpconformRun.of("tlc", "MCNatTraversal_MutantUnconfirmed",
                "--work-dir", dir.resolve("one").toString());

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("MODEL").contains("EXPECTED", "RESULT", "STATES", "DEPTH");
        assertThat(lines.get(1)).startsWith("MCNatTraversal_MutantUnconfirmed").endsWith("ok")
                .containsPattern("safety-violation:DirectOnlyConfirmed +safety-violation:DirectOnlyConfirmed ");
        assertThat(lines.get(1).indexOf("mutant")).isEqualTo(lines.get(0).indexOf("KIND"));
        assertThat(r.out()).contains("1 model(s), 1 as expected, 0 not");
    }

    @Test
    void aMutantThatTlcDoesNotRejectFailsTheRun() throws IOException {
        Path copy = Files.createDirectories(dir.resolve("spec"));
        for (String file : List.of("Keepalive.tla", "MCKeepalive.tla")) {
            Files.copy(spec.resolve(file), copy.resolve(file));
        }
        // the ">=" mutant's model with the mutation left out: TLC passes it
        List<String> unmutated = Files.readAllLines(spec.resolve("MCKeepalive_MutantGe.cfg")).stream()
                .filter(line -> !line.contains("<-")).toList();
        Files.write(copy.resolve("MCKeepalive_NotMutated.cfg"), unmutated);
        Files.writeString(copy.resolve("manifest.json"), """
                {"tlc": "test", "models": [{"name": "MCKeepalive_NotMutated", "spec": "Keepalive",
                  "module": "MCKeepalive.tla", "cfg": "MCKeepalive_NotMutated.cfg", "kind": "mutant",
                  "large": false, "expect": "safety-violation", "violates": "StateMatchesSilence",
                  "description": "a mutant that is not one"}]}
                """);

        PtpconformRun r = PtpconformRun.of("tlc", "--spec-dir", copy.toString(),
                "--work-dir", dir.resolve("mutant").toString());

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL").contains("expected safety-violation but TLC reported pass")
                .contains("1 model(s), 0 as expected, 1 not");
    }

    @Test
    void anUnknownModelAndBadLimitsAreRefusedWithWhatToDo() {
        PtpconformRun unknown = PtpconformRun.of("tlc", "--list", "MCNoSuchModel");
        PtpconformRun timeout = PtpconformRun.of("tlc", "--timeout", "-1", "MCKeepalive");
        PtpconformRun workers = PtpconformRun.of("tlc", "--workers", "0", "MCKeepalive");

        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no model or specification named 'MCNoSuchModel'").contains("--list");
        assertThat(timeout.exit()).isEqualTo(2);
        assertThat(timeout.err()).contains("--timeout 0 (no limit) or more").contains("-1");
        assertThat(workers.exit()).isEqualTo(2);
        assertThat(workers.err()).contains("--workers, --parallel and --traces must be at least 1");
    }

    @Test
    void simulateListsTheLongSimulationsOnly() {
        PtpconformRun sims = PtpconformRun.of("tlc", "--simulate", "--list");
        PtpconformRun both = PtpconformRun.of("tlc", "--simulate", "--large", "--list");

        assertThat(sims.exit()).as(sims.err()).isZero();
        assertThat(sims.out()).contains("MCKeepalive_Simulate ", "MCBulkTransfer_Simulate ")
                .contains("simulate", "seed=20261207 traces=2000 depth=300")
                .doesNotContain("MCKeepalive_SimulateCI").doesNotContain("MCKeepalive_Large")
                .doesNotContain("MCKeepalive_MutantGe");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("--simulate and --large choose different models");
    }

    @Test
    void aSimulationRunsWithTheGivenTraceCountAndPasses() {
        PtpconformRun r = PtpconformRun.of("tlc", "--simulate", "Keepalive", "--traces", "2",
                "--work-dir", dir.resolve("simulate").toString());

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("MCKeepalive_Simulate +simulate +pass +pass .* ok")
                .contains("1 model(s), 1 as expected, 0 not");
    }
}
