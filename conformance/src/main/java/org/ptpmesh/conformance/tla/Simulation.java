package org.ptpmesh.conformance.tla;

import java.util.List;

/**
 * How a {@code simulate} model runs: TLC's random simulation ({@code -simulate num=N -depth D
 * -seed S}) instead of a complete search. Simulation reaches the implementation's own constants
 * (a 29 s keepalive, 256 openers, 1000 probes), whose state spaces no complete search finishes;
 * every invariant is checked in every state of every trace and the properties on every trace.
 * A fixed seed makes a run repeatable: the same seed and counts give the same traces. The manifest
 * lists each simulation twice, on one config and seed: a long run ({@code large}, what
 * {@code ptpconform tlc --simulate} runs) and its first traces as a CI slice.
 *
 * @param seed   TLC's -seed
 * @param traces how many traces (TLC's -simulate num=)
 * @param depth  steps per trace (TLC's -depth)
 */
public record Simulation(long seed, int traces, int depth) {

    public Simulation {
        if (traces < 1 || depth < 1) {
            throw new IllegalArgumentException("a simulation needs at least one trace of at least one step; got "
                    + traces + " traces of " + depth + " steps");
        }
    }

    /** TLC's command-line options for this simulation. */
    List<String> tlcOptions() {
        return List.of("-simulate", "num=" + traces, "-depth", Integer.toString(depth), "-seed", Long.toString(seed));
    }
}
