package org.ptpmesh.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ptpconform interop --impl reference,ptptest2014} on loopback: the original ptptest 2014
 * (Python 2.7, the shared copy) against ptpmesh in every pairing, over the cases the original can
 * play. Skipped, saying why, where the adapter finds no Python 2.7 or no shared copy.
 *
 * <p>The full expected outcome: discovery and departure pass in all four pairings (so a ptpmesh
 * client registers on an original server without silencing it, and every SHUTDOWN, the
 * original's with its META included, is announced within one publication period);
 * keepalive-expiry passes on a ptpmesh introducer and is unsupported on the original one (it
 * purges after a fixed 30 s).
 */
class Ptptest2014InteropIT {

    private static final Path ADAPTER = ReferenceLaunchers.REPO.resolve("conformance/adapters/ptptest2014");
    private static final List<InteropCase> CASES = List.of(InteropCase.DISCOVERY, InteropCase.KEEPALIVE_EXPIRY, InteropCase.DEPARTURE);

    @Test
    void everyPairingOfReferenceAndPtptest2014(@TempDir Path out) throws Exception {
        assumeTrue(ReferenceLaunchers.available(), ReferenceLaunchers.UNAVAILABLE);
        String missing = adapterCheck();
        assumeTrue(missing.isEmpty(), missing);
        Implementation ref = ReferenceLaunchers.reference("reference", out.resolve("bin"));
        Implementation original = new Implementation("ptptest2014", ADAPTER.toString());
        StringWriter progress = new StringWriter();
        List<CaseOutcome> outcomes = new InteropRunner(out, 40, true, false, new PrintWriter(progress)).run(List.of(ref, original), CASES);

        assertThat(outcomes).as("progress:%n%s", progress).hasSize(4 * CASES.size());
        for (CaseOutcome o : outcomes) {
            boolean originalPurges = o.interopCase() == InteropCase.KEEPALIVE_EXPIRY && o.counterpart().equals("ptptest2014");
            if (originalPurges) {
                assertThat(o.verdict()).as("%s", o).isEqualTo(InteropVerdict.UNSUPPORTED);
                assertThat(o.reason()).contains("the original server purges after a fixed 30 s");
                continue;
            }
            assertThat(o.verdict()).as("%s x %s %s: %s%n%s", o.tested(), o.counterpart(), o.interopCase().caseName(), o.reason(), progress)
                    .isEqualTo(InteropVerdict.PASS);
            assertThat(o.violations()).isZero();
            assertThat(o.datagrams()).isGreaterThan(4);
        }
        // the original client's goodbye, META and all, is a valid SHUTDOWN in the capture
        assertThat(out.resolve("ptptest2014-x-reference/departure/capture-report.txt")).content()
                .containsPattern("SHUTDOWN +valid").contains("0 violating");
        assertThat(out.resolve("ptptest2014-x-ptptest2014/departure/peer-a/ptptest2014.log")).content().contains("PTP_TYPE_SHUTDOWN");
    }

    /** Empty when the adapter finds Python 2.7 and the shared copy, else what it says is missing. */
    private static String adapterCheck() throws Exception {
        Process p = new ProcessBuilder("sh", ADAPTER.toString(), "--check").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "the ptptest 2014 adapter's --check did not end";
        }
        return p.exitValue() == 0 ? "" : err;
    }
}
