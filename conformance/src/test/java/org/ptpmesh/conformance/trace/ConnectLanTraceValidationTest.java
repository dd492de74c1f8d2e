package org.ptpmesh.conformance.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pair behind one NAT device in the connect replay: introduced on the LAN strategy, the model's
 * {@code LAN} (each peer reaches the other's LAN address, the device does not hairpin), and the
 * path confirmed on the LAN.
 */
class ConnectLanTraceValidationTest {

    @TempDir
    static Path work;

    @Test
    void aPairBehindOneNatConnectsOnTheLanAsTheModelSays() throws Exception {
        Path trace = work.resolve("lan.ndjson");
        PairScenario.writeLan(trace, "EASY", 1);
        TraceLog log = TraceLog.read(trace);
        assertThat(log.events()).filteredOn(e -> e.event().equals("ReceiveIntro"))
                .extracting(e -> e.params().get("strategy")).containsOnly("LAN");
        assertThat(log.events()).filteredOn(e -> e.event().equals("PathConfirmed"))
                .extracting(e -> String.valueOf(e.params().get("remote"))).allMatch(r -> r.startsWith("10."));
        MappedTrace mapped = new ConnectMapping(false, 0).map(log).get(0);
        assertThat(mapped.constants()).containsEntry("LAN", "TRUE");
        // the messages are replayed too: all 40 delivered, on the LAN path once it is confirmed
        assertThat(mapped.sources()).extracting(k -> log.events().get(k))
                .filteredOn(e -> e.event().equals("ReceiveData")).hasSize(40)
                .extracting(e -> e.params().get("path")).contains("DIRECT");

        assertThat(TraceReplays.replay(work, log, "lan", new ConnectMapping(false, 0))).singleElement().satisfies(v -> {
            assertThat(v.node()).isEqualTo("peer-a+peer-b");
            assertThat(v.decided()).as(v.toString()).isTrue();
            assertThat(v.matched()).as(TraceReport.summary(v)).isTrue();
            assertThat(v.records()).isEqualTo(mapped.records().size());
        });
    }
}
