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
}
