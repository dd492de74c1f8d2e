package org.ptpmesh.node;

import java.util.Map;
import java.util.TreeMap;

/** Datagrams a node refused, by reason (decode error codes, rule violations, unexpected senders). */
public final class DropCounters {

    private final Map<String, Long> byReason = new TreeMap<>();

    public void count(String reason) {
        byReason.merge(reason, 1L, Long::sum);
    }

    public long get(String reason) {
        return byReason.getOrDefault(reason, 0L);
    }

    public long total() {
        return byReason.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<String, Long> snapshot() {
        return Map.copyOf(byReason);
    }
}
