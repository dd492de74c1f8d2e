package org.ptpmesh.conformance.trace;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the replay of one node's trace found.
 *
 * @param mapping        the mapping used (keepalive, nat-check)
 * @param node           the node
 * @param matched        true when the model has a behaviour producing every record
 * @param records        records replayed
 * @param recordsMatched the longest prefix of records the model can produce
 * @param firstUnmatched when not matched: the index (0-based, in the trace file) of the event
 *                       the model cannot produce next, else -1
 * @param seconds        wall time of the TLC run
 * @param error          TLC's error when it could not decide, else null
 * @param assumptionBroken when not matched: the model matches every record once a timing
 *                       assumption may be broken (connect mapping), so the network or the timers
 *                       broke one at {@code firstUnmatched}, not the implementation
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TraceVerdict(String mapping, String node, boolean matched, int records, int recordsMatched,
                           int firstUnmatched, double seconds, String error, boolean assumptionBroken) {

    public TraceVerdict(String mapping, String node, boolean matched, int records, int recordsMatched,
                        int firstUnmatched, double seconds, String error) {
        this(mapping, node, matched, records, recordsMatched, firstUnmatched, seconds, error, false);
    }

    public boolean decided() {
        return error == null;
    }
}
