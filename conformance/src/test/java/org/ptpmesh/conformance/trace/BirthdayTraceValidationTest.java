package org.ptpmesh.conformance.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.peer.PeerDefaults;
import org.ptpmesh.scenario.Mesh;
import org.ptpmesh.trace.TraceEvent;

/**
 * An Easy/Hard pair of the simulator that connects on the birthday strategy (the Hard side
 * opens 256 ports, the Easy side probes until one answers) replayed through TLC by the connect
 * mapping: the unmodified core matches, and a core that records the path of a probe that reached
 * an opener as coming in on the main socket (MCNatTraversal_MutantMainSocket's bug) is rejected
 * at that probe's receipt.
 */
class BirthdayTraceValidationTest {

    /** A run whose birthday attempt succeeds within 25 probes: misses, then one that reaches an opener. */
    private static final long SEED = 6;
    /** Data is replayed by ConnectDataTraceValidationTest: with the 256 openers it timed TLC out (120 s). */
    private static final int NO_MESSAGES = 0;

    @TempDir
    static Path work;

    @Test
    void aBirthdayPairMatchesTheModelProbeByProbe() throws Exception {
        Path trace = work.resolve("birthday.ndjson");
        PairScenario.write(trace, "EASY", "HARD", 0, false, SEED, NO_MESSAGES);
        TraceLog log = TraceLog.read(trace);
        assertThat(count(log, "OpenPort")).isEqualTo(PeerDefaults.BIRTHDAY_PORTS);
        assertThat(count(log, "SendProbe")).isGreaterThan(10);
        // the Hard side takes the path on the opener the probe reached, not on its main socket
        assertThat(hardSideConfirmation(log).params().get("localPort")).isNotEqualTo(PeerDefaults.LOCAL_PORT);

        assertThat(replay(log, "birthday")).singleElement().satisfies(v -> {
            assertThat(v.node()).isEqualTo("peer-a+peer-b");
            assertThat(v.decided()).as(v.toString()).isTrue();
            assertThat(v.matched()).as(TraceReport.summary(v)).isTrue();
            assertThat(v.records()).isGreaterThan(PeerDefaults.BIRTHDAY_PORTS + 10);
        });
    }

    @Test
    void aCoreThatRecordsTheMainSocketForAProbeIsRejectedWhereTheProbeArrives() throws Exception {
        Path source = TraceReplays.specDir().toAbsolutePath().getParent()
                .resolve("impl/core/src/main/java/org/ptpmesh/peer/Punching.java");
        String receipt = ".param(\"from\", from.toString()).log();\n        confirm(attempt, remote, ";
        ClassLoader mutant = MutantLoader.mutate(source, receipt + "localPort, from, now, out);",
                receipt + "config.localPort(), from, now, out); // mutant: the main socket", 1, work.resolve("mutant"),
                List.of(PairScenario.class, Peer.class, Mesh.class));
        Path trace = work.resolve("mutant.ndjson");
        mutant.loadClass(PairScenario.class.getName())
                .getMethod("write", Path.class, String.class, String.class, double.class, boolean.class, long.class, int.class)
                .invoke(null, trace, "EASY", "HARD", 0.0, false, SEED, NO_MESSAGES);
        TraceLog log = TraceLog.read(trace);
        assertThat(hardSideConfirmation(log).params().get("localPort")).isEqualTo(PeerDefaults.LOCAL_PORT);

        assertThat(replay(log, "mutant")).singleElement().satisfies(v -> {
            assertThat(v.decided()).as(v.toString()).isTrue();
            assertThat(v.matched()).isFalse();
            assertThat(v.assumptionBroken()).as("a core bug, not the network").isFalse();
            // in the model a probe reaches the Hard side only on an opener's socket
            assertThat(log.events().get(v.firstUnmatched())).extracting(TraceEvent::node, TraceEvent::event)
                    .containsExactly("peer-b", "ReceivePunch");
        });
    }

    private static TraceEvent hardSideConfirmation(TraceLog log) {
        return log.events().stream().filter(e -> e.node().equals("peer-b") && e.event().equals("PathConfirmed"))
                .findFirst().orElseThrow(() -> new AssertionError("the birthday attempt of seed " + SEED + " failed"));
    }

    private static long count(TraceLog log, String event) {
        return log.events().stream().filter(e -> e.event().equals(event)).count();
    }

    private static List<TraceVerdict> replay(TraceLog log, String run) {
        return TraceReplays.replay(work, log, run, new ConnectMapping(false, 0, true));
    }
}
