package org.ptpmesh.conformance.tla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExpectationTest {

    private static ModelEntry check(long states, int depth) {
        return new ModelEntry("MCX", "X", "MCX.tla", "MCX.cfg", ModelKind.CHECK, false, TlcVerdict.PASS,
                null, states, depth, null);
    }

    private static ModelEntry mutant(String violates) {
        return new ModelEntry("MCX_Mutant", "X", "MCX.tla", "MCX_Mutant.cfg", ModelKind.MUTANT, false,
                TlcVerdict.SAFETY_VIOLATION, violates, null, null, null);
    }

    @Test
    void exactStatesAndDepthForAPassingCheck() {
        TlcRun run = new TlcRun("MCX", TlcVerdict.PASS, null, 100L, 7, 1.0, 0, null);
        assertThat(Expectation.mismatches(check(100, 7), run)).isEmpty();
        assertThat(Expectation.mismatches(check(101, 7), run))
                .containsExactly("expected 101 distinct states, found 100");
        assertThat(Expectation.mismatches(check(100, 8), run)).containsExactly("expected depth 8, found 7");
    }

    @Test
    void aMutantThatPassesFails() {
        TlcRun run = new TlcRun("MCX_Mutant", TlcVerdict.PASS, null, 100L, 7, 1.0, 0, null);
        assertThat(Expectation.mismatches(mutant("Inv"), run))
                .containsExactly("expected safety-violation but TLC reported pass");
    }

    @Test
    void aMutantMustBreakTheNamedInvariant() {
        TlcRun other = new TlcRun("MCX_Mutant", TlcVerdict.SAFETY_VIOLATION, "TypeOK", 5L, 3, 1.0, 12, null);
        assertThat(Expectation.mismatches(mutant("Inv"), other))
                .containsExactly("expected Inv to be violated but TLC named TypeOK");
        TlcRun right = new TlcRun("MCX_Mutant", TlcVerdict.SAFETY_VIOLATION, "Inv", 5L, 3, 1.0, 12, null);
        assertThat(Expectation.mismatches(mutant("Inv"), right)).isEmpty();
    }

    @Test
    void aReachabilityModelExpectingPassIsRejected() {
        assertThatThrownBy(() -> new ModelEntry("MCR", "X", "MCX.tla", "MCR.cfg", ModelKind.REACHABILITY,
                false, TlcVerdict.PASS, null, null, null, null))
                .hasMessageContaining("must expect a violation");
    }
}
