package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ptpmesh.conformance.tla.SpecLocator;
import org.ptpmesh.conformance.trace.MutantLoader;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.testkit.RecordingEffects;

/**
 * Model-based tests of two peers connecting: TLC's state graph of NatTraversal's connecting
 * part (spec/mbt/MBTConnect.tla), one test case per transition driving two {@link Peer}s.
 * Every transition must be covered; a core that takes a stale INTRO (a lower attempt id than
 * the open attempt's) must fail the transitions after it, and one that confirms a PUNCH or
 * PUNCH_ACK of another attempt must fail where the model drops it.
 */
class ConnectModelBasedTest {

    private static Path spec;
    /** Each config's graph, explored once: TLC's start is most of a small config's cost. */
    private static final Map<String, StateGraph> GRAPHS = new ConcurrentHashMap<>();

    @TempDir
    static Path work;

    @BeforeAll
    static void findSpec() {
        spec = SpecLocator.find().orElseThrow(() -> new IllegalStateException("spec/manifest.json not found"));
    }

    /** {@code actions}: what the config must exercise (the Easy pair punches, the Hard pair takes the relay). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "MBTConnect_EasyEasy.cfg, RequestIntro ReceiveIntro SendOpener PunchTimer ReceivePunch PathConfirmed UpgradeToDirect GiveUpPunch",
            "MBTConnect_HardHard.cfg, RequestIntro ReceiveIntro GiveUpIntro"})
    void everyTransitionOfConnectingHoldsForTwoPeers(String cfg, String actions) throws Exception {
        StateGraph graph = graph(cfg);

        EdgeCoverage coverage = EdgeCoverage.run(graph, ConnectAdapter::new);

        System.out.println(cfg + ": " + coverage.summary());
        coverage.failures().stream().map(f -> f.replaceAll("(?s) at step.*?:", ":")).distinct().limit(8)
                .forEach(System.out::println);
        assertThat(coverage.failures()).as(coverage.summary()).isEmpty();
        assertThat(coverage.byAction()).containsKeys(actions.split(" "));
        assertThat(coverage.covered()).isEqualTo(coverage.edges()).isGreaterThan(100);
    }

    @Test
    void aCoreThatTakesAStaleIntroFailsTheTransitionsAfterIt() throws Exception {
        StateGraph graph = graph("MBTConnect_EasyEasy.cfg");
        ClassLoader mutant = MutantLoader.mutate(
                spec.toAbsolutePath().getParent().resolve("impl/core/src/main/java/org/ptpmesh/peer/Punching.java"),
                "previous != null && previous.isOpen() && attemptId < previous.id", "false", 1,
                work.resolve("mutant-core"), List.of(ConnectAdapter.class, Peer.class, RecordingEffects.class));

        EdgeCoverage coverage = EdgeCoverage.run(graph, MutantAdapters.fresh(mutant, ConnectAdapter.class));

        System.out.println("MBTConnect_EasyEasy on the stale-INTRO mutant: " + coverage.summary());
        assertThat(coverage.covered()).isLessThan(coverage.edges());
        assertThat(coverage.failures()).anySatisfy(f -> assertThat(f).contains("attempt id"));
    }

    @Test
    void aCoreThatConfirmsAPunchOfAnotherAttemptFailsWhereTheModelDropsIt() throws Exception {
        StateGraph graph = graph("MBTConnect_EasyEasy.cfg");
        ClassLoader mutant = MutantLoader.mutate(
                spec.toAbsolutePath().getParent().resolve("impl/core/src/main/java/org/ptpmesh/peer/Punching.java"),
                " || attempt.id != m.uint(TlvTypes.ATTEMPT, -1)", "", 1,
                work.resolve("mutant-attempt-core"), List.of(ConnectAdapter.class, Peer.class, RecordingEffects.class));

        EdgeCoverage coverage = EdgeCoverage.run(graph, MutantAdapters.fresh(mutant, ConnectAdapter.class));

        System.out.println("MBTConnect_EasyEasy on the any-attempt mutant: " + coverage.summary());
        assertThat(coverage.covered()).isLessThan(coverage.edges());
        // it fails the drops of another attempt's punch; the drops no attempt id decides (a PUNCH_ACK on
        // the path taken, once both peers' rounds crossed) it gets right
        int[] dropStray = coverage.byAction().get("DropStray");
        assertThat(dropStray[1]).isLessThan(dropStray[0]);
        assertThat(coverage.failures()).anySatisfy(f -> assertThat(f).contains("phase"));
    }

    private static StateGraph graph(String cfg) throws IOException {
        StateGraph known = GRAPHS.get(cfg);
        if (known == null) {
            known = StateGraphDump.explore(spec, "MBTConnect", cfg, work.resolve(cfg));
            GRAPHS.put(cfg, known);
        }
        return known;
    }
}
