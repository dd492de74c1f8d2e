package org.ptpmesh.node;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Datagrams a node refused, by reason: decode error codes ({@code bad_checksum}, ...), rule
 * violations ({@link RefusedDatagram}), and the node's own reasons (its {@link DropReason} enum:
 * unexpected senders, rate limits, ...), kept by label. Written by the node's event loop and read
 * at any time by the console UI and the analytics writer, hence concurrent.
 */
public final class DropCounters {

    private final ConcurrentMap<String, AtomicLong> byReason = new ConcurrentHashMap<>();

    public void count(DropReason reason) {
        count(reason, 1);
    }

    public void count(DropReason reason, long n) {
        AtomicLong counter = byReason.get(reason.label());
        if (counter == null) {
            counter = byReason.computeIfAbsent(reason.label(), r -> new AtomicLong());
        }
        counter.addAndGet(n);
    }

    /** The count under {@code label}: readers go by the label, as {@code ptpserver stats} and the analytics do. */
    public long get(String label) {
        AtomicLong counter = byReason.get(label);
        return counter == null ? 0 : counter.get();
    }

    public long total() {
        long sum = 0;
        for (AtomicLong counter : byReason.values()) {
            sum += counter.get();
        }
        return sum;
    }

    /** The counters by label, sorted by label, as they are now. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        byReason.forEach((reason, counter) -> out.put(reason, counter.get()));
        return Collections.unmodifiableMap(out);
    }
}
