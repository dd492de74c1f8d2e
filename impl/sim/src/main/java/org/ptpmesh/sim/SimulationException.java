package org.ptpmesh.sim;

/**
 * A run stopped because a node threw or misused its effects. The message names the seed, the
 * virtual time and the host, which is all it takes to replay the run up to the failure.
 */
public final class SimulationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long seed;

    SimulationException(long seed, long now, String host, String problem, Throwable cause) {
        super("seed " + seed + ", t=" + now + " ms, host " + host + ": " + problem, cause);
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }
}
