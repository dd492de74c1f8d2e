package org.ptpmesh.conformance.trace;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.ptpmesh.trace.NatTraversalAction;
import org.ptpmesh.trace.TraceEvent;

/**
 * The application data of a connecting pair, for {@link ConnectMapping}: NatTraversal's data
 * goes from A to B, so A's {@code SendData} and {@code ResendData} and B's {@code ReceiveData}
 * are replayed with their sequence number and path; data B sends to A is left out
 * (docs/trace-validation.md, "The connect mapping").
 */
final class ConnectData {

    private int highestSent;
    /** For each message B delivered with later ones in the same step, the last of them. */
    private final Map<Integer, Integer> runEnd = new TreeMap<>();
    private int runStart;

    /**
     * Adds the record of {@code e}, a step of model peer {@code p}; false when e is no data step of
     * A to B. {@code released}: B's previous event was a delivery in the same step, so this message
     * came out of B's buffer (it arrived early).
     */
    boolean map(int k, TraceEvent e, String p, boolean released, RecordList out) {
        String action = e.event();
        boolean fromA = p.equals("A") && (action.equals(NatTraversalAction.SEND_DATA.actionName())
                || action.equals(NatTraversalAction.RESEND_DATA.actionName()));
        boolean toB = p.equals("B") && action.equals(NatTraversalAction.RECEIVE_DATA.actionName());
        if (!fromA && !toB) {
            return false;
        }
        int seq = e.params().get("seq") instanceof Number n ? n.intValue() : -1;
        if (action.equals(NatTraversalAction.SEND_DATA.actionName())) {
            highestSent = Math.max(highestSent, seq);
        }
        if (toB && released) {
            runEnd.put(runStart, seq);
        } else if (toB) {
            runStart = seq;
        }
        String path = String.valueOf(e.params().get("path")).toLowerCase(Locale.ROOT);
        out.add(k, "a", action, "p", p, "x", seq, "s", path, "t", true);
        return true;
    }

    /** Whether the pair's trace has A's data: then no message is sent silently. */
    boolean logged() {
        return highestSent > 0;
    }

    /** {@code RunEnd}: the runs B delivered, as a TLA+ function from the first message to the last. */
    String runEnd() {
        if (runEnd.isEmpty()) {
            return "[x \\in {} |-> 0]";
        }
        return runEnd.entrySet().stream().map(r -> "(" + r.getKey() + " :> " + r.getValue() + ")")
                .collect(Collectors.joining(" @@ "));
    }

    /** The model's MSGS: A's messages, or the one silent message that stands for unacknowledged data. */
    int messages() {
        return logged() ? highestSent : 1;
    }
}
