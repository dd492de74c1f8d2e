package org.ptpmesh.lab;

import java.util.Locale;
import org.ptpmesh.dualstack.Family;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.nat.Strategy;

/**
 * What one pair run found: how each peer's NAT was classified, the strategy, how the initiator's
 * connect attempt ended, and whether an application message then got through.
 *
 * @param attempt         the initiator's attempt outcome: DIRECT, RELAYED (Hard/Hard: no punching),
 *                        GAVE_UP (punching failed), or NONE (no attempt ended in time)
 * @param millisToConnect from the connect call to the end of the initiator's attempt
 * @param probes          punches and birthday probes both sides sent in the attempt
 * @param delivered       an application message sent after the attempt reached the other peer
 * @param direct          the initiator's path to the other peer is direct at the end
 * @param family          the family the initiator's data goes on at the end (null: no path on any)
 */
public record PairResult(LabNat from, LabNat to, NatType fromClassified, NatType toClassified, Strategy strategy,
                         String attempt, long millisToConnect, int probes, boolean delivered, boolean direct,
                         Family family) {

    /** direct, relayed (messages flow through the introducer) or failed (nothing gets through). */
    public String result() {
        if (!delivered) {
            return "failed";
        }
        return direct ? "direct" : "relayed";
    }

    /** {@link #result} with the family of the data path, e.g. "direct (ipv6)"; a failed pair has none. */
    public String resultOnFamily() {
        return delivered && family != null ? result() + " (" + family.name().toLowerCase(Locale.ROOT) + ")" : result();
    }

    public boolean classifiedRight() {
        return fromClassified == from.expectedType() && toClassified == to.expectedType();
    }

    public String pair() {
        return from.label() + "->" + to.label();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %s (%s, attempt %s) in %d ms, %d probes", pair(), resultOnFamily(),
                strategy == null ? "-" : strategy.name(), attempt, millisToConnect, probes);
    }
}
