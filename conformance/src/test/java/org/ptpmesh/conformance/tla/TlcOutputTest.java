package org.ptpmesh.conformance.tla;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TlcOutputTest {

    private static final String PASSED = """
            Progress(12) at 2026-11-21 23:59:29: 2,959 states generated, 832 distinct states found, 0 states left on queue.
            244612 states generated, 41482 distinct states found, 0 states left on queue.
            The depth of the complete state graph search is 21.
            """;

    @Test
    void readsTheFinalCountNotAProgressLine() {
        TlcOutput out = new TlcOutput(PASSED);
        assertThat(out.distinctStates()).contains(41482L);
        assertThat(out.depth()).contains(21);
        assertThat(out.violated(Optional.empty())).isEmpty();
    }

    @Test
    void namesAViolatedInvariant() {
        TlcOutput out = new TlcOutput("Error: Invariant NoPeerForgotten is violated.\n"
                + "Error: The behavior up to this point is:\n");
        assertThat(out.violated(Optional.of("Other"))).contains("NoPeerForgotten");
    }

    @Test
    void namesAViolatedActionProperty() {
        TlcOutput out = new TlcOutput("Error: Action property PublishedFresh is violated.\n");
        assertThat(out.violated(Optional.empty())).contains("PublishedFresh");
        assertThat(out.actionPropertyViolated()).isTrue();
        assertThat(new TlcOutput("Error: Invariant X is violated.").actionPropertyViolated()).isFalse();
    }

    @Test
    void temporalViolationTakesTheConfigsOnlyProperty() {
        TlcOutput out = new TlcOutput("Error: Temporal properties were violated.\n");
        assertThat(out.violated(Optional.of("DirectEventually"))).contains("DirectEventually");
        assertThat(out.violated(Optional.empty())).isEmpty();
    }

    @Test
    void firstErrorCarriesTheDetailLine() {
        TlcOutput out = new TlcOutput("Error: TLC threw an unexpected exception.\n"
                + "The exception was a tlc2.tool.ConfigFileException\n");
        assertThat(out.firstError()).contains(
                "TLC threw an unexpected exception. The exception was a tlc2.tool.ConfigFileException");
    }

    /** Captured from TLC 2.18 with -coverage on MCNatTraversal_HardHard (lines per action abridged). */
    private static final String COVERAGE = """
            Model checking completed. No error has been found.
            The coverage statistics at 2026-12-07 02:21:02
            <Init line 226, col 1 to line 226, col 4 of module NatTraversal>: 1:1
              line 227, col 5 to line 256, col 23 of module NatTraversal: 1
            <SendPing line 262, col 1 to line 262, col 14 of module NatTraversal>: 0:0
              line 263, col 8 to line 263, col 21 of module NatTraversal: 248
            <RequestIntro line 306, col 1 to line 306, col 15 of module NatTraversal (320 5 339 77)>: 14:24
              line 320, col 8 to line 320, col 25 of module NatTraversal: 142
              |line 320, col 8 to line 320, col 13 of module NatTraversal: 124
            <Settled line 527, col 1 to line 527, col 7 of module NatTraversal>: 0:4
              line 529, col 8 to line 529, col 21 of module NatTraversal: 4
            <TypeOK line 555, col 1 to line 555, col 6 of module NatTraversal>
              line 556, col 5 to line 579, col 27 of module NatTraversal: 62
            End of statistics.
            """;

    @Test
    void readsHowOftenEachActionFired() {
        assertThat(new TlcOutput(COVERAGE).actionCoverage()).containsExactly(
                java.util.Map.entry("Init", 1L), java.util.Map.entry("SendPing", 0L),
                java.util.Map.entry("RequestIntro", 24L), java.util.Map.entry("Settled", 4L));
    }

    @Test
    void sumsAnActionOverItsDisjunctsAndKeepsOnlyTheLastReport() {
        String twice = """
                The coverage statistics at 2026-12-07 02:00:00
                <Lose line 10, col 1 to line 10, col 4 of module M (12 5 12 40)>: 3:3
                The coverage statistics at 2026-12-07 02:01:00
                <Lose line 10, col 1 to line 10, col 4 of module M (12 5 12 40)>: 1,000:2,000
                <Lose line 10, col 1 to line 10, col 4 of module M (14 5 14 40)>: 0:5
                """;
        assertThat(new TlcOutput(twice).actionCoverage()).containsExactly(java.util.Map.entry("Lose", 2005L));
        assertThat(new TlcOutput(PASSED).actionCoverage()).isEmpty();
    }

    /**
     * Captured from TLC 2.18's random simulation of MCKeepalive_Simulate (abridged): simulation
     * finds no distinct states, so an action's firings are the second figure, the states it generated.
     */
    @Test
    void readsASimulationsCoverageByTheStatesEachActionGenerated() {
        String simulation = """
                Running Random Simulation with seed 20261207 with 1 worker on 2 cores
                Progress: 6173 states checked.
                The coverage statistics at 2026-12-07 12:46:20
                <KeepAliveTick line 89, col 1 to line 89, col 13 of module Keepalive>: 0:123
                  line 90, col 8 to line 90, col 24 of module Keepalive: 2947
                <ReceiveKeepaliveAck line 112, col 1 to line 112, col 19 of module Keepalive>: 0:169
                End of statistics.
                """;
        TlcOutput output = new TlcOutput(simulation);
        assertThat(output.actionCoverage()).containsExactly(
                java.util.Map.entry("KeepAliveTick", 123L), java.util.Map.entry("ReceiveKeepaliveAck", 169L));
        assertThat(output.distinctStates()).isEmpty();
        assertThat(output.depth()).isEmpty();
    }
}
