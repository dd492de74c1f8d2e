package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.conformance.tla.SpecLocator;

/**
 * Model-based tests of the birthday strategy (spec/mbt/MBTConnect_Birthday.cfg): an Easy peer
 * probes ports of a Hard peer that opened sockets toward it, the cores configured with the
 * model's budgets (OPENERS sockets, BDP_MAX probes) and drawing the ports the model chose.
 * Every transition must be covered; a core that records its main socket for the path a probe
 * confirmed, instead of the socket the probe arrived on, must fail on the Hard side.
 */
class ConnectBirthdayModelBasedTest {

    private static final String CFG = "MBTConnect_Birthday.cfg";
    /** The config's OPENERS and BDP_MAX. */
    private static final int OPENERS = 2;
    private static final int PROBES = 2;

    private static Path spec;
    private static StateGraph graph;

    @TempDir
    static Path work;

    @BeforeAll
    static void explore() throws Exception {
        spec = SpecLocator.find().orElseThrow(() -> new IllegalStateException("spec/manifest.json not found"));
        graph = StateGraphDump.explore(spec, "MBTConnect", CFG, work.resolve(CFG));
    }

    @Test
    void everyTransitionOfTheBirthdayStrategyHolds() {
        EdgeCoverage coverage = EdgeCoverage.run(graph, initial -> new ConnectAdapter(initial, OPENERS, PROBES));

        System.out.println(CFG + ": " + coverage.summary());
        coverage.failures().stream().limit(4).forEach(System.out::println);
        assertThat(coverage.failures()).as(coverage.summary()).isEmpty();
        assertThat(coverage.byAction()).containsKeys("RequestIntro", "ReceiveIntro", "OpenPort", "SendProbeOnce",
                "ReceivePunch", "PathConfirmed", "UpgradeToDirect", "GiveUpPunch");
        assertThat(coverage.covered()).isEqualTo(coverage.edges()).isGreaterThan(100);
    }

    @Test
    void aCoreThatRecordsTheMainSocketForAProbeFailsOnTheHardSide() throws Exception {
        ClassLoader mutant = PunchingMutants.mutate(spec,
                "remote.link.confirmDirect(localPort, from, now, out);",
                "remote.link.confirmDirect(config.localPort(), from, now, out);",
                work.resolve("mutant-main-socket"));

        EdgeCoverage coverage = EdgeCoverage.run(graph, MutantAdapters.fresh(mutant, ConnectAdapter.class, OPENERS, PROBES));

        System.out.println(CFG + " on the main-socket mutant: " + coverage.summary());
        assertThat(coverage.covered()).isLessThan(coverage.edges());
        assertThat(coverage.failures()).anySatisfy(f -> assertThat(f).contains("answers a KEEPALIVE on its direct path"));
    }
}
