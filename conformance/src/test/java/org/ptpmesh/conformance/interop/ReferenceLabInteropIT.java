package org.ptpmesh.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.lab.LabSupport;

/**
 * Reference x reference in the NAT lab ({@code ptpconform interop --lab}): the cases loopback
 * cannot show pass through real Linux NATs, each in a lab of its own, with valid captures taken
 * at both NATs. Skipped, saying why, where network namespaces cannot be made.
 */
@Tag("lab")
class ReferenceLabInteropIT {

    @Test
    void birthdayRelayUpgradeRelayAndLossyTransferThroughRealNats(@TempDir Path out) throws Exception {
        assumeTrue(LabSupport.unavailableReason().isEmpty(), () -> LabSupport.unavailableReason().orElse(""));
        assumeTrue(ReferenceLaunchers.available(), ReferenceLaunchers.UNAVAILABLE);
        Implementation ref = ReferenceLaunchers.reference(out.resolve("bin"));
        StringWriter progress = new StringWriter();
        List<InteropCase> cases = List.of(InteropCase.PUNCH_BIRTHDAY, InteropCase.RELAY_UPGRADE, InteropCase.RELAY, InteropCase.TRANSFER_LOSS);
        List<CaseOutcome> outcomes = new InteropRunner(out, 25, true, true, new PrintWriter(progress)).run(List.of(ref), cases);

        assertThat(outcomes).extracting(CaseOutcome::interopCase).containsExactlyElementsOf(cases);
        for (CaseOutcome o : outcomes) {
            assertThat(o.verdict()).as("%s: %s%n%s", o.interopCase(), o.reason(), progress).isEqualTo(InteropVerdict.PASS);
            assertThat(o.violations()).isZero();
            Path dir = out.resolve("ref-x-ref").resolve(o.interopCase().caseName());
            assertThat(dir.resolve("capture-a-report.txt")).content().contains("0 violating");
            assertThat(dir.resolve("capture-b-report.txt")).content().contains("0 violating");
        }
        assertThat(outcomes).extracting(CaseOutcome::reason)
                .containsExactly("lab: easy x hard", "lab: easy x easy", "lab: easy x easy", "lab: easy x static, 5% loss");
        Path dirs = out.resolve("ref-x-ref");
        assertThat(dirs.resolve("punch-birthday/peer-a/stdout")).content().contains("\"path\":\"direct\"");
        assertThat(dirs.resolve("relay-upgrade/peer-a/stdout")).content().contains("\"path\":\"direct\"");
        assertThat(dirs.resolve("relay/peer-a/stdout")).content().contains("\"path\":\"relay\"");
        // the sender's traffic leaves the Easy NAT translated: the capture shows its WAN address, not its LAN one
        assertThat(dirs.resolve("transfer-loss/capture-a-report.txt")).content().contains("203.0.113.").doesNotContain("10.1.0.");
        assertThat(dirs.resolve("transfer-loss/peer-b/received/object.bin")).hasSameBinaryContentAs(dirs.resolve("transfer-loss/object.bin"));
        // the birthday strategy: the Easy side's probes to many ports of the Hard NAT, seen leaving the Easy NAT
        assertThat(out.resolve("ref-x-ref/punch-birthday/capture-a-report.txt")).content().contains("PUNCH_ACK");
        assertThat(out.resolve("ref-x-ref/relay-upgrade/capture-a-report.txt")).content().contains("RELAYED", "PUNCH_ACK");
    }
}
