package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model-based tests of the connect strategies beside Easy/Easy and Hard/Hard (ConnectModelBasedTest).
 *
 * <p>A Static peer and a Hard one (spec/mbt/MBTConnect_StaticHard.cfg): the strategy table says
 * direct on both sides; the Hard side's punch reaches the Static peer from a public port its NAT
 * chose for it, and only a PUNCH_ACK sent back to that port gets through. A core that answers a
 * PUNCH at the address the INTRO gave instead of where the PUNCH came from must fail where the
 * Hard NAT moved the port.
 *
 * <p>The birthday strategy (spec/mbt/MBTConnect_Birthday.cfg): an Easy peer probes ports of a
 * Hard peer that opened sockets toward it, the cores configured with the model's budgets
 * (OPENERS sockets, BDP_MAX probes) and drawing the ports the model chose. A core that records
 * its main socket for the path a probe confirmed, instead of the socket the probe arrived on,
 * must fail on the Hard side.
 *
 * <p>Every transition of both graphs must be covered by the unmodified core.
 */
class ConnectStrategiesModelBasedTest {

    private static final String STATIC_HARD = "MBTConnect_StaticHard.cfg";
    private static final String BIRTHDAY = "MBTConnect_Birthday.cfg";
    /** Each config's OPENERS and BDP_MAX: the birthday budgets the cores are configured with (none used in Static/Hard). */
    private static final int STATIC_HARD_OPENERS = 1;
    private static final int STATIC_HARD_PROBES = 1;
    private static final int BIRTHDAY_OPENERS = 2;
    private static final int BIRTHDAY_PROBES = 2;

    private static StateGraph staticHard;
    private static StateGraph birthday;

    @TempDir
    static Path work;

    @BeforeAll
    static void explore() throws Exception {
        staticHard = ConnectCoverage.explore(STATIC_HARD, work);
        birthday = ConnectCoverage.explore(BIRTHDAY, work);
    }

    @Test
    void everyTransitionOfAStaticAndAHardPeerConnectingHolds() {
        ConnectCoverage.ofCore(STATIC_HARD, staticHard, STATIC_HARD_OPENERS, STATIC_HARD_PROBES, "RequestIntro", "ReceiveIntro", "SendOpener", "PunchTimer",
                "ReceivePunch", "PathConfirmed", "UpgradeToDirect", "GiveUpPunch", "DropStray");
    }

    @Test
    void aCoreThatAnswersAPunchAtTheIntroducedAddressFailsWhereTheHardNatMovedThePort() throws Exception {
        EdgeCoverage coverage = ConnectCoverage.ofMutant(STATIC_HARD + " on the PUNCH_ACK-to-the-introduced-address mutant",
                staticHard, STATIC_HARD_OPENERS, STATIC_HARD_PROBES,
                "out.send(localPort, from, Messages.punchAck(self, attempt.id, from));",
                "out.send(localPort, remote.publicAddress, Messages.punchAck(self, attempt.id, from));",
                work.resolve("mutant-ack-direction"));

        assertThat(coverage.byAction().get("ReceivePunch")[1]).as("no ReceivePunch of the Static side holds").isZero();
        assertThat(coverage.failures()).anySatisfy(f -> assertThat(f).contains("sent no PUNCH_ACK to"));
    }

    @Test
    void everyTransitionOfTheBirthdayStrategyHolds() {
        ConnectCoverage.ofCore(BIRTHDAY, birthday, BIRTHDAY_OPENERS, BIRTHDAY_PROBES, "RequestIntro", "ReceiveIntro",
                "OpenPort", "SendProbeOnce", "ReceivePunch", "PathConfirmed", "UpgradeToDirect", "GiveUpPunch");
    }

    @Test
    void aCoreThatRecordsTheMainSocketForAProbeFailsOnTheHardSide() throws Exception {
        EdgeCoverage coverage = ConnectCoverage.ofMutant(BIRTHDAY + " on the main-socket mutant", birthday,
                BIRTHDAY_OPENERS, BIRTHDAY_PROBES,
                "remote.link.confirmDirect(localPort, from, now, out);",
                "remote.link.confirmDirect(config.localPort(), from, now, out);",
                work.resolve("mutant-main-socket"));

        assertThat(coverage.byAction().get("ReceivePunch")[1]).as("no ReceivePunch of the Hard side holds").isZero();
        assertThat(coverage.failures()).anySatisfy(f -> assertThat(f).contains("answers a KEEPALIVE on its direct path"));
    }
}
