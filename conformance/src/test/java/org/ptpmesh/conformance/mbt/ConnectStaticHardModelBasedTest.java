package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model-based tests of a Static peer and a Hard one connecting (spec/mbt/MBTConnect_StaticHard.cfg):
 * the strategy table says direct on both sides; the Hard side's punch reaches the Static peer
 * from a public port its NAT chose for it, and only a PUNCH_ACK sent back to that port gets
 * through. Every transition must be covered; a core that answers a PUNCH at the address the
 * INTRO gave instead of where the PUNCH came from must fail where the Hard NAT moved the port.
 */
class ConnectStaticHardModelBasedTest {

    private static final String CFG = "MBTConnect_StaticHard.cfg";
    /** The config's OPENERS and BDP_MAX: the birthday budgets the cores are configured with (no birthday here). */
    private static final int OPENERS = 1;
    private static final int PROBES = 1;

    private static StateGraph graph;

    @TempDir
    static Path work;

    @BeforeAll
    static void explore() throws Exception {
        graph = ConnectCoverage.explore(CFG, work);
    }

    @Test
    void everyTransitionOfAStaticAndAHardPeerConnectingHolds() {
        ConnectCoverage.ofCore(CFG, graph, OPENERS, PROBES, "RequestIntro", "ReceiveIntro", "SendOpener", "PunchTimer",
                "ReceivePunch", "PathConfirmed", "UpgradeToDirect", "GiveUpPunch", "DropStray");
    }

    @Test
    void aCoreThatAnswersAPunchAtTheIntroducedAddressFailsWhereTheHardNatMovedThePort() throws Exception {
        EdgeCoverage coverage = ConnectCoverage.ofMutant(CFG + " on the PUNCH_ACK-to-the-introduced-address mutant",
                graph, OPENERS, PROBES,
                "out.send(localPort, from, Messages.punchAck(self, attempt.id, from));",
                "out.send(localPort, remote.publicAddress, Messages.punchAck(self, attempt.id, from));",
                work.resolve("mutant-ack-direction"));

        assertThat(coverage.byAction().get("ReceivePunch")[1]).as("no ReceivePunch of the Static side holds").isZero();
        assertThat(coverage.failures()).anySatisfy(f -> assertThat(f).contains("sent no PUNCH_ACK to"));
    }
}
