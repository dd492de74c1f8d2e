package org.ptpmesh.conformance.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.scenario.Mesh;
import org.ptpmesh.trace.TraceEvent;

/**
 * Connecting pairs of the simulator replayed through TLC, both peers and the introducer as one
 * NatTraversal behaviour (connect mapping): Easy/Easy punches directly, Hard/Hard stays on the
 * relay, Hard/Static confirms the Hard side's path with the PUNCH_ACK. A core that does not
 * answer a PUNCH with a PUNCH_ACK is rejected at the Hard side's next punch round. Lossy runs:
 * {@link LossyTraceValidationTest}.
 */
class ConnectTraceValidationTest {

    private static Path specDir;

    @TempDir
    static Path work;

    @BeforeAll
    static void findSpec() {
        specDir = TraceReplays.specDir();
    }

    @Test
    void easyEasyPunchesDirectlyAsTheModelSays() throws Exception {
        TraceLog log = pair("easy-easy", "EASY", "EASY");
        assertThat(log.events()).extracting(TraceEvent::event).contains("ReceivePunch", "UpgradeToDirect");

        assertConnectMatches(log, "easy-easy");
    }

    @Test
    void hardHardStaysOnTheRelayAsTheModelSays() throws Exception {
        TraceLog log = pair("hard-hard", "HARD", "HARD");
        assertThat(log.events()).filteredOn(e -> e.event().equals("ReceiveIntro"))
                .extracting(e -> e.params().get("strategy")).containsOnly("RELAY");

        assertConnectMatches(log, "hard-hard");
    }

    @Test
    void theHardSideOfHardStaticConfirmsItsPathWithThePunchAck() throws Exception {
        TraceLog log = pair("hard-static", "HARD", "NONE");
        // peer-a (Hard) confirms without a PUNCH of its own: the answer to its punch came back
        assertThat(log.events()).filteredOn(e -> e.node().equals("peer-a")).extracting(TraceEvent::event)
                .contains("PathConfirmed").doesNotContain("ReceivePunch");

        assertConnectMatches(log, "hard-static");
    }

    @Test
    void aRequestBeforeThePeersNatCheckEndedIsATimingAssumptionBrokenNotACoreBug() throws Exception {
        Path trace = work.resolve("early.ndjson");
        PairScenario.write(trace, "EASY", "EASY", 0, false, 1);
        // as if peer-a's classification had come late: the model connects only classified peers
        List<String> lines = Files.readAllLines(trace).stream()
                .map(l -> l.contains("\"event\":\"ClassifyNat\",\"node\":\"peer-a\"")
                        ? l.replaceFirst("\"time\":\\d+", "\"time\":999999999") : l)
                .toList();
        Files.write(trace, lines);
        TraceLog log = TraceLog.read(trace);

        assertThat(replay(log, "early", new ConnectMapping(false, 0))).singleElement().satisfies(v -> {
            assertThat(v.decided()).as(v.toString()).isTrue();
            assertThat(v.matched()).isFalse();
            assertThat(v.assumptionBroken()).as(TraceReport.summary(v)).isTrue();
            assertThat(log.events().get(v.firstUnmatched())).extracting(TraceEvent::node, TraceEvent::event)
                    .containsExactly("peer-a", "RequestIntro");
            assertThat(TraceReport.summary(v)).contains("TIMING ASSUMPTION BROKEN");
        });
    }

    @Test
    void aCoreThatDoesNotAnswerAPunchIsRejectedAtTheHardSidesNextRound() throws Exception {
        Path source = specDir.toAbsolutePath().getParent()
                .resolve("impl/core/src/main/java/org/ptpmesh/peer/Punching.java");
        ClassLoader mutant = MutantLoader.mutate(source, "out.send(localPort, from, Messages.punchAck(self, attempt.id, from));",
                "// mutant: no PUNCH_ACK", 1, work.resolve("mutant"), List.of(PairScenario.class, Peer.class, Mesh.class));
        Path trace = work.resolve("mutant.ndjson");
        mutant.loadClass(PairScenario.class.getName())
                .getMethod("write", Path.class, String.class, String.class, double.class, boolean.class, long.class)
                .invoke(null, trace, "HARD", "NONE", 0.0, false, 1L);
        TraceLog log = TraceLog.read(trace);

        List<TraceVerdict> verdicts = replay(log, "mutant", new ConnectMapping(false, 0));

        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.decided()).as(v.toString()).isTrue();
            assertThat(v.matched()).isFalse();
            assertThat(v.assumptionBroken()).as("a core bug, not the network").isFalse();
            TraceEvent unmatched = log.events().get(v.firstUnmatched());
            // the Static side took the PUNCH; the model's PUNCH_ACK reaches the Hard side before its
            // second round, the mutant's Hard side is confirmed only by the answer to that round
            assertThat(unmatched.node()).isEqualTo("peer-a");
            assertThat(unmatched.event()).isEqualTo("PunchTimer");
            assertThat(unmatched.params().get("n")).isEqualTo(2);
            assertThat(log.events().subList(0, v.firstUnmatched())).extracting(TraceEvent::node, TraceEvent::event)
                    .contains(tuple("peer-b", "ReceivePunch"));
        });
    }

    private static TraceLog pair(String name, String kindA, String kindB) throws Exception {
        Path trace = work.resolve(name + ".ndjson");
        PairScenario.write(trace, kindA, kindB, 0, false, 1);
        return TraceLog.read(trace);
    }

    /** The pair's one connect replay matches (a lossless run: no loss allowed). */
    private static void assertConnectMatches(TraceLog log, String run) {
        assertThat(replay(log, run, new ConnectMapping(false, 0))).singleElement().satisfies(v -> {
            assertThat(v.node()).isEqualTo("peer-a+peer-b");
            assertThat(v.decided()).as(v.toString()).isTrue();
            assertThat(v.matched()).as(TraceReport.summary(v)).isTrue();
            assertThat(v.records()).isGreaterThan(4);
        });
    }

    private static List<TraceVerdict> replay(TraceLog log, String run, TraceMapping... mappings) {
        return TraceReplays.replay(work, log, run, mappings);
    }
}
