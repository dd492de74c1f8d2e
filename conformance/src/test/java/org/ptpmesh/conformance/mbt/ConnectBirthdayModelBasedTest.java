package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    private static StateGraph graph;

    @TempDir
    static Path work;

    @BeforeAll
    static void explore() throws Exception {
        graph = ConnectCoverage.explore(CFG, work);
    }

    @Test
    void everyTransitionOfTheBirthdayStrategyHolds() {
        ConnectCoverage.ofCore(CFG, graph, OPENERS, PROBES, "RequestIntro", "ReceiveIntro", "OpenPort", "SendProbeOnce",
                "ReceivePunch", "PathConfirmed", "UpgradeToDirect", "GiveUpPunch");
    }

    @Test
    void aCoreThatRecordsTheMainSocketForAProbeFailsOnTheHardSide() throws Exception {
        EdgeCoverage coverage = ConnectCoverage.ofMutant(CFG + " on the main-socket mutant", graph, OPENERS, PROBES,
                "remote.link.confirmDirect(localPort, from, now, out);",
                "remote.link.confirmDirect(config.localPort(), from, now, out);",
                work.resolve("mutant-main-socket"));

        assertThat(coverage.byAction().get("ReceivePunch")[1]).as("no ReceivePunch of the Hard side holds").isZero();
        assertThat(coverage.failures()).anySatisfy(f -> assertThat(f).contains("answers a KEEPALIVE on its direct path"));
    }
}
