package org.ptpmesh.conformance.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.trace.TraceEvent;

/**
 * An Easy/Easy pair of the simulator whose direct path dies: both peers fall back to the relay
 * (no answer for two keepalive periods), ask for a new introduction, and punch through again once the
 * path is back (PairScenario with {@code fallback}). The connect mapping replays it as one
 * NatTraversal behaviour with two fallbacks; the same trace without peer-a's
 * {@code FallbackToRelay} is rejected where peer-a asks again while the model still has it on
 * the direct path.
 */
class FallbackTraceValidationTest {

    @TempDir
    static Path work;

    private static Path trace;

    @BeforeAll
    static void run() throws Exception {
        trace = work.resolve("fallback.ndjson");
        // no data: the resends while the path is dead (2,500 records) timed TLC out at 120 s;
        // data across the switches is replayed by ConnectDataTraceValidationTest
        PairScenario.write(trace, "EASY", "EASY", 0, true, 1, 0);
    }

    @Test
    void aPairThatFallsBackToTheRelayAndPunchesAgainMatchesTheModel() throws Exception {
        TraceLog log = TraceLog.read(trace);
        assertThat(log.events()).filteredOn(e -> e.event().equals("FallbackToRelay")).extracting(TraceEvent::node)
                .containsExactlyInAnyOrder("peer-a", "peer-b");
        // the second connect ends on a direct path again: two upgrades each
        assertThat(log.events()).filteredOn(e -> e.event().equals("UpgradeToDirect")).hasSize(4);

        assertThat(replay(log, "fallback")).singleElement().satisfies(v -> {
            assertThat(v.node()).isEqualTo("peer-a+peer-b");
            assertThat(v.decided()).as(v.toString()).isTrue();
            assertThat(v.matched()).as(TraceReport.summary(v)).isTrue();
        });
    }

    @Test
    void aRequestFromTheDirectPathWithoutAFallbackIsRejected() throws Exception {
        Path forged = work.resolve("no-fallback.ndjson");
        Files.write(forged, Files.readAllLines(trace).stream()
                .filter(l -> !l.contains("\"event\":\"FallbackToRelay\",\"node\":\"peer-a\"")).toList());
        TraceLog log = TraceLog.read(forged);

        assertThat(replay(log, "no-fallback")).singleElement().satisfies(v -> {
            assertThat(v.decided()).as(v.toString()).isTrue();
            assertThat(v.matched()).isFalse();
            assertThat(v.assumptionBroken()).isFalse();
            TraceEvent unmatched = log.events().get(v.firstUnmatched());
            assertThat(unmatched.node()).isEqualTo("peer-a");
            assertThat(unmatched.event()).isEqualTo("RequestIntro");
            assertThat(log.events().subList(0, v.firstUnmatched())).extracting(TraceEvent::node, TraceEvent::event)
                    .contains(tuple("peer-a", "UpgradeToDirect"));
        });
    }

    /** Lossless: the path is dead only while nothing the model counts crosses it. */
    private static List<TraceVerdict> replay(TraceLog log, String run) {
        return TraceReplays.replay(work, log, run, new ConnectMapping(false, 0));
    }
}
