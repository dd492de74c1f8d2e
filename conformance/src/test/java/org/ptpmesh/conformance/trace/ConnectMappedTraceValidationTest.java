package org.ptpmesh.conformance.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pair with a peer behind a Hard NAT whose router granted it a port mapping (PCP) in the
 * connect replay: the model's HardMapped (the check finds Hard, the peer reports Static, the
 * introducer gives its mapped address, and it sends no opener and punches MappedWait rounds late,
 * so the other side's PUNCH reaches its mapped port first).
 */
class ConnectMappedTraceValidationTest {

    @TempDir
    static Path work;

    @Test
    void aHardMappedPeerIsPunchedThroughItsMappedPortAsTheModelSays() throws Exception {
        Path trace = work.resolve("hard-map.ndjson");
        PairScenario.write(trace, "HARD_MAP", "EASY", 0, false, 1);
        TraceLog log = TraceLog.read(trace);
        assertThat(log.events()).filteredOn(e -> e.node().equals("peer-a")).extracting(e -> e.event())
                .contains("PortMapped", "ReceivePunch").doesNotContain("SendOpener");
        MappedTrace mapped = new ConnectMapping(false, 0).map(log).get(0);
        assertThat(mapped.constants()).containsEntry("NAT_A", "\"HardMapped\"").containsEntry("NAT_B", "\"Easy\"");

        assertThat(TraceReplays.replay(work, log, "hard-map", new ConnectMapping(false, 0))).singleElement()
                .satisfies(v -> {
                    assertThat(v.decided()).as(v.toString()).isTrue();
                    assertThat(v.assumptionBroken()).as(TraceReport.summary(v)).isFalse();
                    assertThat(v.matched()).as(TraceReport.summary(v)).isTrue();
                    assertThat(v.records()).isEqualTo(mapped.records().size());
                });
    }
}
