package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptpmesh.conformance.tla.SpecLocator;
import org.ptpmesh.peer.Peer;

/**
 * Model-based tests of two peers connecting: TLC's state graph of NatTraversal's connecting
 * part (spec/mbt/MBTConnect.tla), one test case per transition driving two {@link Peer}s.
 * Every transition must be covered.
 */
class ConnectModelBasedTest {

    private static Path spec;

    @TempDir
    static Path work;

    @BeforeAll
    static void findSpec() {
        spec = SpecLocator.find().orElseThrow(() -> new IllegalStateException("spec/manifest.json not found"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"MBTConnect_EasyEasy.cfg"})
    void everyTransitionOfConnectingHoldsForTwoPeers(String cfg) throws Exception {
        StateGraph graph = StateGraphDump.explore(spec, "MBTConnect", cfg, work.resolve(cfg));

        EdgeCoverage coverage = EdgeCoverage.run(graph, ConnectAdapter::new);

        System.out.println(cfg + ": " + coverage.summary());
        coverage.failures().stream().map(f -> f.replaceAll("(?s) at step.*?:", ":")).distinct().limit(8)
                .forEach(System.out::println);
        assertThat(coverage.failures()).as(coverage.summary()).isEmpty();
        assertThat(coverage.byAction()).containsKeys("RequestIntro", "ReceiveIntro", "ReceivePunch", "PathConfirmed");
        assertThat(coverage.covered()).isEqualTo(coverage.edges()).isGreaterThan(100);
    }
}
