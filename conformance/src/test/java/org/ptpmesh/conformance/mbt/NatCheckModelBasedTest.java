package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptpmesh.conformance.tla.SpecLocator;
import org.ptpmesh.conformance.trace.MutantLoader;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.peer.Peer;

/**
 * Model-based tests of the peer's NAT check: TLC's state graph of the NAT check of
 * NatTraversal (spec/mbt/MBTNatCheck.tla) behind each kind of NAT, one test case per
 * transition driving {@link Peer}. Every transition must be covered; a core that compares the
 * pongs' addresses instead of their ports must fail the classification of a Hard NAT.
 */
class NatCheckModelBasedTest {

    private static Path spec;

    @TempDir
    static Path work;

    @BeforeAll
    static void findSpec() {
        spec = SpecLocator.find().orElseThrow(() -> new IllegalStateException("spec/manifest.json not found"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"MBTNatCheck_Static.cfg", "MBTNatCheck_Easy.cfg", "MBTNatCheck_Hard.cfg"})
    void everyTransitionOfTheNatCheckHoldsForThePeer(String cfg) throws Exception {
        StateGraph graph = StateGraphDump.explore(spec, "MBTNatCheck", cfg, work.resolve(cfg));

        EdgeCoverage coverage = EdgeCoverage.run(graph, NatCheckAdapter::new);

        System.out.println(cfg + ": " + coverage.summary());
        assertThat(coverage.failures()).as(coverage.summary()).isEmpty();
        assertThat(coverage.byAction()).containsKeys("SendPing", "ReceivePong", "ClassifyNat");
        assertThat(coverage.covered()).isEqualTo(coverage.edges()).isGreaterThan(30);
    }

    @Test
    void aCoreThatComparesPublicAddressesInsteadOfPortsCallsAHardNatEasy() throws Exception {
        StateGraph graph = StateGraphDump.explore(spec, "MBTNatCheck", "MBTNatCheck_Hard.cfg", work.resolve("mutant"));
        ClassLoader mutant = MutantLoader.mutate(
                spec.toAbsolutePath().getParent().resolve("impl/core/src/main/java/org/ptpmesh/nat/NatClassifier.java"),
                "pongA.port() == pongB.port()", "pongA.address().equals(pongB.address())", 1,
                work.resolve("mutant-core"), List.of(NatCheckAdapter.class, Peer.class, RecordingEffects.class));

        EdgeCoverage coverage = EdgeCoverage.run(graph, MutantAdapters.fresh(mutant, NatCheckAdapter.class));

        System.out.println("MBTNatCheck_Hard on the address mutant: " + coverage.summary());
        assertThat(coverage.covered()).isLessThan(coverage.edges());
        assertThat(coverage.byAction().get("ClassifyNat")[1]).isZero();
        assertThat(coverage.failures()).first().asString().contains("classification");
    }
}
