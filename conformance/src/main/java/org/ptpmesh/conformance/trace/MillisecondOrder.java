package org.ptpmesh.conformance.trace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.ptpmesh.trace.TraceEvent;

/**
 * The order in which a merged trace is replayed. Several processes' (or lab hosts') traces are
 * merged by their clocks' milliseconds, and at equal times the file named first goes first, so
 * a step that received a datagram can come before the other node's step that sent it within the
 * same millisecond.
 */
final class MillisecondOrder {

    private MillisecondOrder() {
    }

    /**
     * The events' indexes in file order, except within one millisecond: there a node whose next
     * step is a send ({@code isSend}) goes before the other nodes' steps of that millisecond.
     * Each node's own order is kept.
     */
    static List<Integer> sendsFirst(List<TraceEvent> events, Predicate<TraceEvent> isSend) {
        List<Integer> order = new ArrayList<>(events.size());
        int from = 0;
        while (from < events.size()) {
            int to = from;
            while (to < events.size() && events.get(to).time() == events.get(from).time()) {
                to++;
            }
            Map<String, ArrayDeque<Integer>> byNode = new LinkedHashMap<>();
            for (int k = from; k < to; k++) {
                byNode.computeIfAbsent(events.get(k).node(), n -> new ArrayDeque<>()).add(k);
            }
            while (!byNode.isEmpty()) {
                ArrayDeque<Integer> next = byNode.values().stream().filter(q -> isSend.test(events.get(q.peek())))
                        .findFirst().orElseGet(() -> byNode.values().stream()
                                .min(Comparator.comparing(ArrayDeque::peek)).orElseThrow());
                order.add(next.poll());
                byNode.values().removeIf(ArrayDeque::isEmpty);
            }
            from = to;
        }
        return order;
    }
}
