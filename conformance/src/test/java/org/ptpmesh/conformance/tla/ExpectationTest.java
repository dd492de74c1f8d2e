package org.ptpmesh.conformance.tla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpectationTest {

    private static ModelEntry check(long states, int depth) {
        return new ModelEntry("MCX", "X", "MCX.tla", "MCX.cfg", ModelKind.CHECK, false, TlcVerdict.PASS,
                null, states, depth, null, null, null);
    }

    private static ModelEntry mutant(String violates) {
        return new ModelEntry("MCX_Mutant", "X", "MCX.tla", "MCX_Mutant.cfg", ModelKind.MUTANT, false,
                TlcVerdict.SAFETY_VIOLATION, violates, null, null, null, null, null);
    }

    @Test
    void exactStatesAndDepthForAPassingCheck() {
        TlcRun run = new TlcRun("MCX", TlcVerdict.PASS, null, 100L, 7, 1.0, 0, null, null);
        assertThat(Expectation.mismatches(check(100, 7), run)).isEmpty();
        assertThat(Expectation.mismatches(check(101, 7), run))
                .containsExactly("expected 101 distinct states, found 100");
        assertThat(Expectation.mismatches(check(100, 8), run)).containsExactly("expected depth 8, found 7");
    }

    @Test
    void aMutantThatPassesFails() {
        TlcRun run = new TlcRun("MCX_Mutant", TlcVerdict.PASS, null, 100L, 7, 1.0, 0, null, null);
        assertThat(Expectation.mismatches(mutant("Inv"), run))
                .containsExactly("expected safety-violation but TLC reported pass");
    }

    @Test
    void aMutantMustBreakTheNamedInvariant() {
        TlcRun other = new TlcRun("MCX_Mutant", TlcVerdict.SAFETY_VIOLATION, "TypeOK", 5L, 3, 1.0, 12, null, null);
        assertThat(Expectation.mismatches(mutant("Inv"), other))
                .containsExactly("expected Inv to be violated but TLC named TypeOK");
        TlcRun right = new TlcRun("MCX_Mutant", TlcVerdict.SAFETY_VIOLATION, "Inv", 5L, 3, 1.0, 12, null, null);
        assertThat(Expectation.mismatches(mutant("Inv"), right)).isEmpty();
    }

    @Test
    void aReachabilityModelExpectingPassIsRejected() {
        assertThatThrownBy(() -> new ModelEntry("MCR", "X", "MCX.tla", "MCR.cfg", ModelKind.REACHABILITY,
                false, TlcVerdict.PASS, null, null, null, null, null, null))
                .hasMessageContaining("must expect a violation");
    }

    private static ModelEntry covering(String... actions) {
        return new ModelEntry("MCX", "X", "MCX.tla", "MCX.cfg", ModelKind.CHECK, false, TlcVerdict.PASS,
                null, 100L, 7, null, List.of(actions), null);
    }

    private static TlcRun passedWith(Map<String, Long> coverage) {
        return new TlcRun("MCX", TlcVerdict.PASS, null, 100L, 7, 1.0, 0, null, coverage);
    }

    @Test
    void aCoveredActionThatNeverFiredFailsTheModel() {
        TlcRun run = passedWith(Map.of("SendPing", 0L, "ReceivePong", 4L));
        assertThat(Expectation.mismatches(covering("ReceivePong"), run)).isEmpty();
        assertThat(Expectation.mismatches(covering("SendPing", "ReceivePong"), run)).containsExactly(
                "covered action SendPing never fired: the model checks its properties without it");
    }

    @Test
    void aCoveredActionTheModelDoesNotHaveIsNamed() {
        assertThat(Expectation.mismatches(covering("SendPong"), passedWith(Map.of("SendPing", 3L))))
                .containsExactly("covered action SendPong is not an action of the model (coverage lists [SendPing])");
    }

    @Test
    void aRunWithoutACoverageReportCannotPassTheGate() {
        assertThat(Expectation.mismatches(covering("SendPing"), passedWith(Map.of())))
                .singleElement().asString().startsWith("TLC printed no action coverage");
        assertThat(Expectation.mismatches(check(100, 7), passedWith(Map.of()))).isEmpty();
    }

    @Test
    void aSimulateModelPassesWithItsCoverageAndRecordsNoStateCount() {
        ModelEntry sim = new ModelEntry("MCX_Sim", "X", "MCX.tla", "MCX_Sim.cfg", ModelKind.SIMULATE, false,
                TlcVerdict.PASS, null, null, null, null, List.of("Tick"), new Simulation(7, 20, 300));
        TlcRun run = new TlcRun("MCX_Sim", TlcVerdict.PASS, null, null, null, 1.0, 0, null, Map.of("Tick", 12L));
        assertThat(Expectation.mismatches(sim, run)).isEmpty();
        TlcRun violated = new TlcRun("MCX_Sim", TlcVerdict.SAFETY_VIOLATION, "Inv", null, null, 1.0, 12, null,
                Map.of("Tick", 12L));
        assertThat(Expectation.mismatches(sim, violated)).containsExactly(
                "expected pass but TLC reported safety-violation (Inv)");
        assertThat(sim.withTraces(5000).simulate()).isEqualTo(new Simulation(7, 5000, 300));
    }

    @Test
    void aSimulateModelNeedsItsSimulationAndNothingElseMayHaveOne() {
        assertThatThrownBy(() -> new ModelEntry("MCX_Sim", "X", "MCX.tla", "MCX_Sim.cfg", ModelKind.SIMULATE, false,
                TlcVerdict.PASS, null, null, null, null, null, null))
                .hasMessageContaining("\"simulate\" (seed, traces, depth) is required for a simulate model");
        assertThatThrownBy(() -> new ModelEntry("MCX", "X", "MCX.tla", "MCX.cfg", ModelKind.CHECK, false,
                TlcVerdict.PASS, null, 100L, 7, null, null, new Simulation(7, 20, 300)))
                .hasMessageContaining("only for a simulate model");
        assertThatThrownBy(() -> new ModelEntry("MCX_Sim", "X", "MCX.tla", "MCX_Sim.cfg", ModelKind.SIMULATE, false,
                TlcVerdict.PASS, null, 100L, null, null, null, new Simulation(7, 20, 300)))
                .hasMessageContaining("records no state count");
        assertThatThrownBy(() -> new Simulation(7, 0, 300)).hasMessageContaining("at least one trace");
    }
}
