package org.ptpmesh.conformance.tla;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares a TLC run with its manifest entry. A complete search must match the manifest's state
 * count and depth exactly (TLC's breadth-first search is deterministic); a run that ends in a
 * counterexample must have the expected verdict and name the expected invariant or property.
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
        return problems;
    }
}
