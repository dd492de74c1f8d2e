package org.ptpmesh.metrics;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The probes sent to one peer and not answered yet, keyed by the MYTS they carried (the peer
 * echoes it back as YOURTS). A probe unanswered for longer than the loss timeout counts as lost;
 * an answer that comes later finds nothing and is not counted twice. Bounded, so a peer that
 * never answers cannot grow it.
 */
public final class ProbeLedger {

    private final int capacity;
    /** Insertion order is send order, so expiry only looks at the head. */
    private final LinkedHashMap<Long, Long> sentAtByTimestamp = new LinkedHashMap<>();

    public ProbeLedger(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Records a probe sent at {@code sentAt} carrying {@code myts}.
     *
     * @return how many older probes were pushed out unanswered (each one is a loss)
     */
    public int sent(long myts, long sentAt) {
        int evicted = 0;
        while (sentAtByTimestamp.size() >= capacity) {
            Iterator<Long> it = sentAtByTimestamp.keySet().iterator();
            it.next();
            it.remove();
            evicted++;
        }
        sentAtByTimestamp.put(myts, sentAt);
        return evicted;
    }

    /** The send time of the probe {@code yourts} answers, or -1 if none is outstanding. */
    public long answered(long yourts) {
        Long sentAt = sentAtByTimestamp.remove(yourts);
        return sentAt == null ? -1 : sentAt;
    }

    /** Removes probes sent before {@code now - timeout}; returns how many (each one is a loss). */
    public int expire(long now, long timeout) {
        int lost = 0;
        Iterator<Map.Entry<Long, Long>> it = sentAtByTimestamp.entrySet().iterator();
        while (it.hasNext()) {
            if (now - it.next().getValue() <= timeout) {
                break;
            }
            it.remove();
            lost++;
        }
        return lost;
    }

    public int outstanding() {
        return sentAtByTimestamp.size();
    }
}
