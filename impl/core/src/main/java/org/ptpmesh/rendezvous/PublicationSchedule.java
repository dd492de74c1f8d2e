package org.ptpmesh.rendezvous;

import java.util.Comparator;
import java.util.TreeSet;

/**
 * When each registered client gets its next list: one entry per client, earliest first. A list
 * sent schedules the next one a publish period later, so the periodic publication is spread
 * over the period instead of sent to everyone at once; a change that alters a client's list
 * moves its entry earlier, never later. Every operation is O(log n).
 */
final class PublicationSchedule {

    private final TreeSet<RegisteredClient> due = new TreeSet<>(
            Comparator.comparingLong((RegisteredClient c) -> c.dueAt).thenComparingLong(RegisteredClient::joinOrder));

    /** Schedules a client not in the schedule. */
    void add(RegisteredClient c, long at) {
        c.dueAt = at;
        due.add(c);
    }

    /** Moves a scheduled client's next list to {@code at} if that is sooner; true if it moved. */
    boolean advance(RegisteredClient c, long at) {
        if (at >= c.dueAt || !due.remove(c)) {
            return false;
        }
        c.dueAt = at;
        due.add(c);
        return true;
    }

    void remove(RegisteredClient c) {
        due.remove(c);
    }

    /** The client whose list is due first, removed from the schedule, if it is due at {@code now}. */
    RegisteredClient pollDue(long now) {
        if (due.isEmpty() || due.first().dueAt > now) {
            return null;
        }
        return due.pollFirst();
    }

    /** When the next list is due, or {@link Long#MAX_VALUE} when none is scheduled. */
    long next() {
        return due.isEmpty() ? Long.MAX_VALUE : due.first().dueAt;
    }
}
