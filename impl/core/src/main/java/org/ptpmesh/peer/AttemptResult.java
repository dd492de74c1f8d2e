package org.ptpmesh.peer;

import org.ptpmesh.nat.Strategy;
import org.ptpmesh.wire.PeerId;

/**
 * How one connect attempt ended: direct (a path was confirmed), relayed (Hard/Hard: no punching)
 * or gave up (punching failed; traffic stays on the relay). {@code probes} counts the punches or
 * birthday probes this side sent.
 */
public record AttemptResult(PeerId target, long attempt, Strategy strategy, AttemptOutcome outcome, long startedAt, long endedAt,
                            int probes) {

    public long millisToConnect() {
        return endedAt - startedAt;
    }
}
