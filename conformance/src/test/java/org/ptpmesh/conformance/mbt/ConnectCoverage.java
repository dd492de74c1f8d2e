package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ptpmesh.conformance.tla.SpecLocator;
import org.ptpmesh.conformance.trace.MutantLoader;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.testkit.RecordingEffects;

/**
 * What the model-based tests of connecting share (one class per NAT pair, so that each stays
 * within its CI budget): a config's state graph of spec/mbt/MBTConnect.tla, and its coverage by
 * the core or by a mutant of the core's {@code Punching}, each driven by {@link ConnectAdapter}.
 */
final class ConnectCoverage {

    private static final String PUNCHING = "impl/core/src/main/java/org/ptpmesh/peer/Punching.java";

    private ConnectCoverage() {
    }

    static Path spec() {
        return SpecLocator.find().orElseThrow(() -> new IllegalStateException("spec/manifest.json not found"));
    }

    static StateGraph explore(String cfg, Path work) throws IOException {
        return StateGraphDump.explore(spec(), "MBTConnect", cfg, work.resolve(cfg));
    }

    /**
     * Runs every transition on the unmodified core and requires them all covered, {@code actions}
     * among them.
     *
     * @param openers the config's OPENERS, the birthday sockets the cores are configured with
     * @param probes  the config's BDP_MAX, the birthday probes the cores are configured with
     */
    static EdgeCoverage ofCore(String cfg, StateGraph graph, int openers, int probes, String... actions) {
        EdgeCoverage coverage = EdgeCoverage.run(graph, initial -> new ConnectAdapter(initial, openers, probes));

        System.out.println(cfg + ": " + coverage.summary());
        coverage.failures().stream().map(f -> f.replaceAll("(?s) at step.*?:", ":")).distinct().limit(8)
                .forEach(System.out::println);
        assertThat(coverage.failures()).as(coverage.summary()).isEmpty();
        assertThat(coverage.byAction()).containsKeys(actions);
        assertThat(coverage.covered()).isEqualTo(coverage.edges()).isGreaterThan(100);
        return coverage;
    }

    /**
     * Runs every transition on a core whose Punching.java has {@code from} (found exactly once)
     * replaced by {@code to}, compiled into {@code work}, and requires it to cover less.
     */
    static EdgeCoverage ofMutant(String label, StateGraph graph, int openers, int probes, String from, String to,
                                 Path work) throws IOException, ReflectiveOperationException {
        ClassLoader mutant = MutantLoader.mutate(spec().toAbsolutePath().getParent().resolve(PUNCHING), from, to, 1,
                work, List.of(ConnectAdapter.class, Peer.class, RecordingEffects.class));

        EdgeCoverage coverage = EdgeCoverage.run(graph, MutantAdapters.fresh(mutant, ConnectAdapter.class, openers, probes));

        System.out.println(label + ": " + coverage.summary());
        assertThat(coverage.covered()).isLessThan(coverage.edges());
        return coverage;
    }
}
