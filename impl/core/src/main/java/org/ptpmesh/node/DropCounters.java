package org.ptpmesh.node;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Datagrams a node refused, by reason: decode error codes ({@code bad_checksum}, ...), rule
 * violations, unexpected senders, rate limits. Written by the node's event loop and read at any
 * time by the console UI and the analytics writer, hence concurrent.
 */
public final class DropCounters {

    private final ConcurrentMap<String, AtomicLong> byReason = new ConcurrentHashMap<>();

    public void count(String reason) {
        count(reason, 1);
    }

    public void count(String reason, long n) {
        AtomicLong counter = byReason.get(reason);
        if (counter == null) {
            counter = byReason.computeIfAbsent(reason, r -> new AtomicLong());
        }
        counter.addAndGet(n);
    }

    public long get(String reason) {
        AtomicLong counter = byReason.get(reason);
        return counter == null ? 0 : counter.get();
    }

    public long total() {
        long sum = 0;
        for (AtomicLong counter : byReason.values()) {
            sum += counter.get();
        }
        return sum;
    }

    /** The counters by reason, sorted by reason, as they are now. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        byReason.forEach((reason, counter) -> out.put(reason, counter.get()));
        return Collections.unmodifiableMap(out);
    }
}
