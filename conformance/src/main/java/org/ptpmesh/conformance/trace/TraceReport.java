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
        String what = v.matched() ? "MATCH    " : v.assumptionBroken() ? "TIMING ASSUMPTION BROKEN" : "NO MATCH ";
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
        List<Integer> nodeEvents = eventsOf(log, v.node());
        if (!nodeEvents.contains(v.firstUnmatched())) {
            // a multi-node replay named after one of its nodes (rendezvous: its server): the
            // context is the events of the node that logged the unmatched one
            nodeEvents = log.indexesOf(log.events().get(v.firstUnmatched()).node());
        }
        int at = nodeEvents.indexOf(v.firstUnmatched());
        TraceLog.Origin first = log.origin(v.firstUnmatched());
        lines.add((v.assumptionBroken() ? "first event that breaks a timing assumption" : "first event the model cannot produce")
                + " (line " + first.line() + " of " + first.file() + "):");
        for (int k = Math.max(0, at - context); k <= Math.min(nodeEvents.size() - 1, at + context); k++) {
            int index = nodeEvents.get(k);
            TraceLog.Origin origin = log.origin(index);
            // one node's events come from one file (TraceMerge refuses a node in two), so its number is enough
            lines.add(String.format("%s %6d  %s", k == at ? ">>" : "  ", origin.line(), log.line(index)));
        }
        return lines;
    }

    /**
     * The events of what was replayed: one node, or the nodes of a multi-node replay (a pair, a
     * transfer's two ends), labelled {@code a+b} (with {@code #n} when the trace holds several such replays).
     */
    private static List<Integer> eventsOf(TraceLog log, String replayed) {
        if (log.nodes().contains(replayed)) {
            return log.indexesOf(replayed);
        }
        List<String> nodes = List.of(replayed.replaceFirst("#\\d+$", "").split("\\+"));
        List<Integer> indexes = new ArrayList<>();
        for (int k = 0; k < log.events().size(); k++) {
            if (nodes.contains(log.events().get(k).node())) {
                indexes.add(k);
            }
        }
        return indexes;
    }
}
