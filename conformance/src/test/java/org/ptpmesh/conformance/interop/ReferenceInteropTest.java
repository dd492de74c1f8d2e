package org.ptpmesh.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.conformance.tla.SpecLocator;

/**
 * Reference x reference over every case, on loopback, through the shipped adapter: the loopback
 * cases the reference supports (discovery, nat-classify, punch-easy, keepalive-expiry) pass with
 * a recorded, valid capture; the others are reported unsupported or needs-lab, never failed.
 */
class ReferenceInteropTest {

    private static final Path REPO = SpecLocator.find().orElseThrow().getParent();

    @Test
    void referenceAgainstItself(@TempDir Path out) throws Exception {
        assumeTrue(Files.isExecutable(REPO.resolve("bin/ptpserver")) && Files.isRegularFile(REPO.resolve("impl/target/ptpmesh.jar")),
                "needs bin/ptpserver and impl/target/ptpmesh.jar: run mvn package first (mvn verify builds them before this module's tests)");
        Implementation ref = new Implementation("ref", "PTP_BIN=" + launchers(out.resolve("bin")) + " "
                + REPO.resolve("conformance/adapters/reference"));
        StringWriter progress = new StringWriter();
        List<CaseOutcome> outcomes = new InteropRunner(out, 15, true, new PrintWriter(progress))
                .run(List.of(ref), Arrays.asList(InteropCase.values()));

        assertThat(outcomes).as("progress:%n%s", progress).hasSize(InteropCase.values().length);
        assertThat(outcomes).as("no case fails:%n%s", progress).noneMatch(o -> o.verdict() == Verdict.FAIL);
        for (InteropCase c : List.of(InteropCase.DISCOVERY, InteropCase.NAT_CLASSIFY, InteropCase.PUNCH_EASY,
                InteropCase.KEEPALIVE_EXPIRY)) {
            CaseOutcome o = outcomes.stream().filter(x -> x.interopCase() == c).findFirst().orElseThrow();
            assertThat(o.verdict()).as("%s: %s", c, o.reason()).isEqualTo(Verdict.PASS);
            assertThat(o.capture()).exists();
            assertThat(o.datagrams()).as("%s recorded ptpmesh datagrams", c).isGreaterThan(4);
            assertThat(o.violations()).isZero();
            assertThat(o.capture().resolveSibling("capture-report.txt")).content().contains("0 violating");
        }
        assertThat(outcomes).filteredOn(o -> !o.interopCase().runsOnLoopback()).allMatch(o -> o.verdict() == Verdict.NEEDS_LAB);
    }

    /**
     * The launchers the adapter calls: impl's (packaged before this module's tests run), and a
     * ptpconform that runs this build's classes, since this module is packaged after its tests.
     */
    private static Path launchers(Path bin) throws Exception {
        Files.createDirectories(bin);
        for (String name : List.of("ptpserver", "ptpclient", "ptpmesh")) {
            script(bin.resolve(name), "exec '" + REPO.resolve("bin").resolve(name) + "' \"$@\"");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        script(bin.resolve("ptpconform"), "exec '" + java + "' -cp '" + System.getProperty("java.class.path")
                + "' org.ptpmesh.conformance.cli.PtpconformCommand \"$@\"");
        return bin;
    }

    private static void script(Path file, String command) throws Exception {
        Files.writeString(file, "#!/bin/sh\n" + command + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
