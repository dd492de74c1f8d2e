package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ptpmesh.conformance.tla.SpecLocator;
import org.ptpmesh.conformance.trace.MutantLoader;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.peer.Peer;

/**
 * Model-based tests of the peer's liveness: TLC's complete state graphs of the Keepalive
 * configs in spec/mbt/ (two introducers and one peer, as the core has), one test case per
 * transition, each driving {@link Peer} along a shortest path to the transition and through
 * it. Every transition must be covered; a core mutated to {@code >=} at the thresholds must not.
 */
class KeepaliveModelBasedTest {

    private static Path spec;

    @TempDir
    static Path work;

    @BeforeAll
    static void findSpec() {
        spec = SpecLocator.find().orElseThrow(() -> new IllegalStateException("spec/manifest.json not found"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"MBTKeepalive.cfg, 2, 1, 1", "MBTKeepalive_Odd.cfg, 5, 2, 1"})
    void everyTransitionOfTheKeepaliveModelHoldsForThePeer(String cfg, long keepAlive, long retry, int retries) throws Exception {
        StateGraph graph = StateGraphDump.explore(spec, "Keepalive", cfg, work.resolve(cfg));

        EdgeCoverage coverage = EdgeCoverage.run(graph, initial -> new KeepaliveAdapter(initial, keepAlive, retry, retries));

        System.out.println(cfg + ": " + coverage.summary());
        assertThat(coverage.failures()).as(coverage.summary()).isEmpty();
        assertThat(coverage.byAction()).containsOnlyKeys("KeepAliveTick", "Tick", "RetryKeepalive", "ReceiveKeepaliveAck", "PingLost");
        assertThat(coverage.covered()).isEqualTo(coverage.edges()).isGreaterThan(1000);
    }

    @Test
    void aCoreThatTurnsStatesAtTheThresholdsFailsTheTransitionsThatReachThem() throws Exception {
        StateGraph graph = StateGraphDump.explore(spec, "Keepalive", "MBTKeepalive.cfg", work.resolve("mutant"));
        ClassLoader mutant = MutantLoader.mutate(
                spec.toAbsolutePath().getParent().resolve("impl/core/src/main/java/org/ptpmesh/peer/PeerState.java"),
                "if (twice > ", "if (twice >= ", 3, work.resolve("mutant-core"), List.of(KeepaliveAdapter.class, Peer.class, RecordingEffects.class));
        EdgeCoverage coverage = EdgeCoverage.run(graph, MutantAdapters.fresh(mutant, KeepaliveAdapter.class, 2L, 1L, 1));

        System.out.println("MBTKeepalive on the >= mutant: " + coverage.summary());
        assertThat(coverage.covered()).isLessThan(coverage.edges());
        assertThat(coverage.failures()).first().asString().contains("state of");
    }
}
