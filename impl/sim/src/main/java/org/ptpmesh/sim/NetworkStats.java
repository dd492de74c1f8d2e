package org.ptpmesh.sim;

import java.util.EnumMap;
import java.util.Map;

/**
 * Datagram counters of one simulation. Every datagram a node sends, and every copy a link makes,
 * ends up either delivered or dropped for exactly one reason, so
 * {@code sent + duplicated == delivered + dropped + inFlight} holds at every instant.
 */
public final class NetworkStats {

    private long sent;
    private long duplicated;
    private long delivered;
    private final long[] dropped = new long[NetworkDropReason.values().length];

    public long sent() {
        return sent;
    }

    public long duplicated() {
        return duplicated;
    }

    public long delivered() {
        return delivered;
    }

    public long dropped(NetworkDropReason reason) {
        return dropped[reason.ordinal()];
    }

    public long droppedTotal() {
        long total = 0;
        for (long n : dropped) {
            total += n;
        }
        return total;
    }

    /** Datagrams still on a link or waiting in a router's queue. */
    public long inFlight() {
        return sent + duplicated - delivered - droppedTotal();
    }

    /** Drop counts by reason, zeros left out, in the declaration order of {@link NetworkDropReason}. */
    public Map<NetworkDropReason, Long> drops() {
        Map<NetworkDropReason, Long> byReason = new EnumMap<>(NetworkDropReason.class);
        for (NetworkDropReason reason : NetworkDropReason.values()) {
            if (dropped[reason.ordinal()] > 0) {
                byReason.put(reason, dropped[reason.ordinal()]);
            }
        }
        return byReason;
    }

    /** One line for a run summary: {@code sent 10 duplicated 0 delivered 8 dropped 2 {LOSS=2}}. */
    @Override
    public String toString() {
        return "sent " + sent + " duplicated " + duplicated + " delivered " + delivered
                + " dropped " + droppedTotal() + " " + drops();
    }

    void countSent() {
        sent++;
    }

    void countDuplicated() {
        duplicated++;
    }

    void countDelivered() {
        delivered++;
    }

    void countDropped(NetworkDropReason reason) {
        dropped[reason.ordinal()]++;
    }
}
