package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.conformance.tla.SpecLocator;

/**
 * Model-based tests of a Static peer and a Hard one connecting (spec/mbt/MBTConnect_StaticHard.cfg):
 * the strategy table says direct on both sides; the Hard side's punch reaches the Static peer
 * from a public port its NAT chose for it, and only a PUNCH_ACK sent back to that port gets
 * through. Every transition must be covered; a core that answers a PUNCH at the address the
 * INTRO gave instead of where the PUNCH came from must fail where the Hard NAT moved the port.
 */
class ConnectStaticHardModelBasedTest {

    private static final String CFG = "MBTConnect_StaticHard.cfg";
    /** The config's OPENERS and BDP_MAX: the birthday budgets the cores are configured with (unused by direct). */
    private static final int OPENERS = 1;
    private static final int PROBES = 1;

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
    void everyTransitionOfAStaticAndAHardPeerConnectingHolds() {
        EdgeCoverage coverage = EdgeCoverage.run(graph, initial -> new ConnectAdapter(initial, OPENERS, PROBES));

        System.out.println(CFG + ": " + coverage.summary());
        coverage.failures().stream().limit(4).forEach(System.out::println);
        assertThat(coverage.failures()).as(coverage.summary()).isEmpty();
        assertThat(coverage.byAction()).containsKeys("RequestIntro", "ReceiveIntro", "SendOpener", "PunchTimer",
                "ReceivePunch", "PathConfirmed", "UpgradeToDirect", "GiveUpPunch", "DropStray");
        assertThat(coverage.covered()).isEqualTo(coverage.edges()).isGreaterThan(100);
    }

    @Test
    void aCoreThatAnswersAPunchAtTheIntroducedAddressFailsWhereTheHardNatMovedThePort() throws Exception {
        ClassLoader mutant = PunchingMutants.mutate(spec,
                "out.send(localPort, from, Messages.punchAck(self, attempt.id, from));",
                "out.send(localPort, remote.publicAddress, Messages.punchAck(self, attempt.id, from));",
                work.resolve("mutant-ack-direction"));

        EdgeCoverage coverage = EdgeCoverage.run(graph, MutantAdapters.fresh(mutant, ConnectAdapter.class, OPENERS, PROBES));

        System.out.println(CFG + " on the PUNCH_ACK-to-the-introduced-address mutant: " + coverage.summary());
        assertThat(coverage.covered()).isLessThan(coverage.edges());
        assertThat(coverage.byAction().get("ReceivePunch")[1]).as("no ReceivePunch of the Static side holds").isZero();
        assertThat(coverage.failures()).anySatisfy(f -> assertThat(f).contains("sent no PUNCH_ACK to"));
    }
}
