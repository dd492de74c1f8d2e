package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ptpmesh.peer.Peer;

/**
 * Model-based tests of two peers connecting: TLC's state graph of NatTraversal's connecting
 * part (spec/mbt/MBTConnect.tla), one test case per transition driving two {@link Peer}s, for
 * two Easy peers and two Hard ones. Every transition must be covered; a core that takes a stale
 * INTRO (a lower attempt id than the open attempt's) must fail the transitions after it, and one
 * that confirms a PUNCH or PUNCH_ACK of another attempt must fail where the model drops it.
 */
class ConnectModelBasedTest {

    /** OPENERS and BDP_MAX of both configs: the birthday budgets the cores are configured with (no birthday here). */
    private static final int OPENERS = 1;
    private static final int PROBES = 1;

    /** Each config's graph, explored once: TLC's start is most of a small config's cost. */
    private static final Map<String, StateGraph> GRAPHS = new ConcurrentHashMap<>();

    @TempDir
    static Path work;

    /** {@code actions}: what the config must exercise (the Easy pair punches, the Hard pair takes the relay). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "MBTConnect_EasyEasy.cfg, RequestIntro ReceiveIntro SendOpener PunchTimer ReceivePunch PathConfirmed UpgradeToDirect GiveUpPunch",
            "MBTConnect_HardHard.cfg, RequestIntro ReceiveIntro GiveUpIntro"})
    void everyTransitionOfConnectingHoldsForTwoPeers(String cfg, String actions) throws Exception {
        ConnectCoverage.ofCore(cfg, graph(cfg), OPENERS, PROBES, actions.split(" "));
    }

    @Test
    void aCoreThatTakesAStaleIntroFailsTheTransitionsAfterIt() throws Exception {
        EdgeCoverage coverage = ConnectCoverage.ofMutant("MBTConnect_EasyEasy on the stale-INTRO mutant",
                graph("MBTConnect_EasyEasy.cfg"), OPENERS, PROBES,
                "previous != null && previous.isOpen() && attemptId < previous.id", "false", work.resolve("mutant-core"));

        assertThat(coverage.failures()).anySatisfy(f -> assertThat(f).contains("attempt id"));
    }

    @Test
    void aCoreThatConfirmsAPunchOfAnotherAttemptFailsWhereTheModelDropsIt() throws Exception {
        EdgeCoverage coverage = ConnectCoverage.ofMutant("MBTConnect_EasyEasy on the any-attempt mutant",
                graph("MBTConnect_EasyEasy.cfg"), OPENERS, PROBES,
                " || attempt.id != m.uint(TlvTypes.ATTEMPT, -1)", "", work.resolve("mutant-attempt-core"));

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
            known = ConnectCoverage.explore(cfg, work);
            GRAPHS.put(cfg, known);
        }
        return known;
    }
}
