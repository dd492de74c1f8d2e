package org.ptpmesh.conformance.tla;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares a TLC run with its manifest entry. A complete search must match the manifest's state
 * count and depth exactly (TLC's breadth-first search is deterministic); a run that ends in a
 * counterexample must have the expected verdict and name the expected invariant or property.
 * Either way, every action the manifest lists as covered must have fired at least once.
 */
public final class Expectation {

    private Expectation() {
    }

    /** What differs, in words; empty when the run is as the manifest says. */
    public static List<String> mismatches(ModelEntry expected, TlcRun run) {
        List<String> problems = new ArrayList<>();
        if (run.verdict() != expected.expect()) {
            String detail = run.message() != null ? " (" + run.message() + ")"
                    : run.violated() != null ? " (" + run.violated() + ")" : "";
            problems.add("expected " + expected.expect() + " but TLC reported " + run.verdict() + detail);
            return problems;
        }
        if (expected.violates() != null && !expected.violates().equals(run.violated())) {
            problems.add("expected " + expected.violates() + " to be violated but TLC named "
                    + (run.violated() == null ? "nothing" : run.violated()));
        }
        if (expected.distinctStates() != null && !expected.distinctStates().equals(run.distinctStates())) {
            problems.add("expected " + expected.distinctStates() + " distinct states, found "
                    + run.distinctStates());
        }
        if (expected.depth() != null && !expected.depth().equals(run.depth())) {
            problems.add("expected depth " + expected.depth() + ", found " + run.depth());
        }
        problems.addAll(coverageGaps(expected, run));
        return problems;
    }

    /**
     * The coverage gate: every action the manifest says the model covers must have fired. A
     * property checked on a model where its actions never happen holds vacuously.
     */
    static List<String> coverageGaps(ModelEntry expected, TlcRun run) {
        if (expected.covers().isEmpty()) {
            return List.of();
        }
        if (run.coverage().isEmpty()) {
            return List.of("TLC printed no action coverage, so the covered actions "
                    + expected.covers() + " cannot be confirmed");
        }
        List<String> gaps = new ArrayList<>();
        for (String action : expected.covers()) {
            Long fired = run.coverage().get(action);
            if (fired == null) {
                gaps.add("covered action " + action + " is not an action of the model (coverage lists "
                        + run.coverage().keySet().stream().sorted().toList() + ")");
            } else if (fired == 0) {
                gaps.add("covered action " + action + " never fired: the model checks its properties "
                        + "without it");
            }
        }
        return gaps;
    }
}
