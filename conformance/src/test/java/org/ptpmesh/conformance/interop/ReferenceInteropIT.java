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

/**
 * Reference x reference over every case, on loopback, through the shipped adapter: every
 * loopback case (discovery, nat-classify, punch-easy, relay, keepalive-expiry, departure, transfer,
 * transfer-loss) passes with a recorded, valid capture; the two that need real NATs
 * (punch-birthday, relay-upgrade) are reported as needing the lab ({@code ReferenceLabInteropIT}).
 */
class ReferenceInteropIT {

    @Test
    void referenceAgainstItself(@TempDir Path out) throws Exception {
        assumeTrue(ReferenceLaunchers.available(), ReferenceLaunchers.UNAVAILABLE);
        Implementation ref = ReferenceLaunchers.reference(out.resolve("bin"));
        StringWriter progress = new StringWriter();
        // 30 s per wait: a busy machine may take 15 s and more to start a JVM (ptpserver, ptpclient)
        List<CaseOutcome> outcomes = new InteropRunner(out, 30, true, false, new PrintWriter(progress))
                .run(List.of(ref), Arrays.asList(InteropCase.values()));

        assertThat(outcomes).as("progress:%n%s", progress).hasSize(InteropCase.values().length);
        assertThat(outcomes).as("no case fails:%n%s", progress).noneMatch(o -> o.verdict() == InteropVerdict.FAIL);
        List<InteropCase> loopback = Arrays.stream(InteropCase.values()).filter(InteropCase::runsOnLoopback).toList();
        assertThat(loopback).hasSize(8);
        for (InteropCase c : loopback) {
            CaseOutcome o = outcomes.stream().filter(x -> x.interopCase() == c).findFirst().orElseThrow();
            assertThat(o.verdict()).as("%s: %s%n%s", c, o.reason(), progress).isEqualTo(InteropVerdict.PASS);
            assertThat(o.capture()).exists();
            assertThat(o.datagrams()).as("%s recorded ptpmesh datagrams", c).isGreaterThan(4);
            assertThat(o.violations()).isZero();
            assertThat(o.capture().resolveSibling("capture-report.txt")).content().contains("0 violating");
        }
        assertThat(outcomes).filteredOn(o -> !o.interopCase().runsOnLoopback()).hasSize(2).allMatch(o -> o.verdict() == InteropVerdict.NEEDS_LAB);
        Path cases = out.resolve("ref-x-ref");
        assertThat(cases.resolve("relay/capture-report.txt")).content().contains("RELAYED").doesNotContain("PUNCH");
        assertThat(cases.resolve("relay/peer-a/stdout")).content().contains("\"path\":\"relay\"");
        assertThat(cases.resolve("departure/capture-report.txt")).content().contains("SHUTDOWN");
        assertThat(cases.resolve("departure/peer-b/stdout")).content().contains("\"departed\":true");
        assertThat(cases.resolve("transfer/peer-b/received/object.bin")).hasSameBinaryContentAs(cases.resolve("transfer/object.bin"));
        CaseOutcome lossy = outcomes.stream().filter(o -> o.interopCase() == InteropCase.TRANSFER_LOSS).findFirst().orElseThrow();
        assertThat(lossy.reason()).as("the loss relay really dropped datagrams").containsPattern("loss relay dropped [1-9]");
    }
}
