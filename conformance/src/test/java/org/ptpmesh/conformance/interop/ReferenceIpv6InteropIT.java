package org.ptpmesh.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.net.AddressFamily;

/**
 * Reference x reference on IPv6 loopback ({@code ptpconform interop --ipv6}), through the
 * shipped adapter: every loopback case but nat-classify passes with a recorded, valid capture of
 * IPv6 datagrams; nat-classify is reported as needing two addresses (IPv6 loopback has only
 * ::1). transfer-loss is left to ReferenceInteropIT: through the loss relay it runs the transfer
 * exactly as the plain transfer case here does, and adds a minute of the slowest case to CI.
 * Skipped where the machine has no IPv6.
 */
class ReferenceIpv6InteropIT {

    @Test
    void referenceAgainstItselfOnIpv6(@TempDir Path out) throws Exception {
        assumeTrue(ReferenceLaunchers.available(), ReferenceLaunchers.UNAVAILABLE);
        assumeTrue(AddressFamily.ipv6Available(), "no IPv6 on this machine");
        Implementation ref = ReferenceLaunchers.reference(out.resolve("bin"));
        StringWriter progress = new StringWriter();
        List<InteropCase> loopback = Arrays.stream(InteropCase.values()).filter(InteropCase::runsOnLoopback)
                .filter(c -> c != InteropCase.TRANSFER_LOSS).toList();
        // 30 s per wait: a busy machine may take 15 s and more to start a JVM
        List<CaseOutcome> outcomes = new InteropRunner(out, 30, true, false, true, new PrintWriter(progress))
                .run(List.of(ref), loopback);

        assertThat(outcomes).as("no case fails:%n%s", progress).noneMatch(o -> o.verdict() == InteropVerdict.FAIL);
        for (CaseOutcome o : outcomes) {
            if (o.interopCase() == InteropCase.NAT_CLASSIFY) {
                assertThat(o.verdict()).isEqualTo(InteropVerdict.NEEDS_TWO_ADDRESSES);
                continue;
            }
            assertThat(o.verdict()).as("%s: %s%n%s", o.interopCase(), o.reason(), progress).isEqualTo(InteropVerdict.PASS);
            assertThat(o.datagrams()).as("%s recorded ptpmesh datagrams", o.interopCase()).isGreaterThan(4);
            assertThat(o.violations()).isZero();
            // what was recorded went between IPv6 addresses
            assertThat(o.capture().resolveSibling("capture-report.txt")).content().contains("[::1]:").doesNotContain("127.0.0.1");
        }
        Path cases = out.resolve("ref-x-ref");
        assertThat(cases.resolve("relay/peer-a/stdout")).content().contains("\"path\":\"relay\"");
        assertThat(cases.resolve("punch-easy/peer-a/stdout")).content().contains("\"path\":\"direct\"");
        assertThat(cases.resolve("transfer/peer-b/received/object.bin")).hasSameBinaryContentAs(cases.resolve("transfer/object.bin"));
    }
}
