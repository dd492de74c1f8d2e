package org.ptpmesh.sim;

import java.util.PriorityQueue;

/** The pending events of one simulation, earliest first, ties broken by scheduling order. */
final class EventQueue {

    private final PriorityQueue<Event> heap = new PriorityQueue<>(EventQueue::earlierFirst);
    private long nextSequence;

    void schedule(Event event, long time) {
        event.time = time;
        event.sequence = nextSequence++;
        heap.add(event);
    }

    /** The next event if it is due at or before {@code horizon}, else null. */
    Event pollDue(long horizon) {
        Event next = heap.peek();
        return next != null && next.time <= horizon ? heap.poll() : null;
    }

    private static int earlierFirst(Event a, Event b) {
        int byTime = Long.compare(a.time, b.time);
        return byTime != 0 ? byTime : Long.compare(a.sequence, b.sequence);
    }
}
