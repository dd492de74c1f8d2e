package org.ptpmesh.conformance.trace;

import java.util.ArrayList;
import java.util.List;

/** Says what a replay found, quoting the first unmatched event with the node's events around it. */
public final class TraceReport {

    private TraceReport() {
    }

    /** One line: the node, the mapping, and matched or where it stopped. */
    public static String summary(TraceVerdict v) {
        if (!v.decided()) {
            return String.format("%-10s %-24s ERROR     %s", v.mapping(), v.node(), v.error());
        }
        String what = v.matched() ? "MATCH    " : "NO MATCH ";
        return String.format("%-10s %-24s %s %d/%d events matched  %.1f s", v.mapping(), v.node(), what,
                v.recordsMatched(), v.records(), v.seconds());
    }

    /**
     * The unmatched event (marked {@code >>}) with up to {@code context} of its node's events
     * before and after it, each as its trace line with its line number.
     */
    public static List<String> context(TraceLog log, TraceVerdict v, int context) {
        List<String> lines = new ArrayList<>();
        if (v.matched() || v.firstUnmatched() < 0) {
            return lines;
        }
        // the node that logged the event: a multi-node replay (rendezvous) is named after its server
        List<Integer> nodeEvents = log.indexesOf(log.events().get(v.firstUnmatched()).node());
        int at = nodeEvents.indexOf(v.firstUnmatched());
        lines.add("first event the model cannot produce (line " + (v.firstUnmatched() + 1) + " of " + log.name() + "):");
        for (int k = Math.max(0, at - context); k <= Math.min(nodeEvents.size() - 1, at + context); k++) {
            int index = nodeEvents.get(k);
            lines.add(String.format("%s %6d  %s", k == at ? ">>" : "  ", index + 1, log.line(index)));
        }
        return lines;
    }
}
