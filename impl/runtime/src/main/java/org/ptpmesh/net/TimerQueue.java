package org.ptpmesh.net;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import org.ptpmesh.node.TimerKey;

/**
 * One-shot timers by key: setting an equal key again replaces its deadline, cancelling forgets it.
 * Replaced deadlines stay in the heap and are skipped when they come up (lazy deletion), which
 * keeps set and cancel O(log n).
 */
final class TimerQueue {

    private record Deadline(long at, long order, TimerKey key) {
    }

    private final Map<TimerKey, Deadline> live = new HashMap<>();
    private final PriorityQueue<Deadline> heap = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
    private long order;

    void set(TimerKey key, long at) {
        Deadline d = new Deadline(at, order++, key);
        live.put(key, d);
        heap.add(d);
    }

    void cancel(TimerKey key) {
        live.remove(key);
    }

    /** The key of the earliest timer due at {@code now}, removed; null when none is due. */
    TimerKey pollDue(long now) {
        while (!heap.isEmpty() && heap.peek().at <= now) {
            Deadline d = heap.poll();
            if (live.get(d.key) == d) {
                live.remove(d.key);
                return d.key;
            }
        }
        return null;
    }

    /** Milliseconds until the next live deadline, or -1 when there is none. */
    long millisUntilNext(long now) {
        while (!heap.isEmpty() && live.get(heap.peek().key) != heap.peek()) {
            heap.poll();
        }
        return heap.isEmpty() ? -1 : Math.max(0, heap.peek().at - now);
    }
}
