package org.ptpmesh.peer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Application messages to and from one remote peer, exactly once and in order whichever path
 * each copy took: the sender numbers messages (APPSEQ from 1) and keeps them until a cumulative
 * acknowledgement covers them; the receiver holds early arrivals and delivers in sequence,
 * dropping duplicates. Resending everything unacknowledged on the current path is what makes a
 * relay/direct switch lose nothing.
 */
final class DataChannel {

    /** A message handed to the application: its sequence number and payload. */
    record Delivery(long seq, byte[] payload) {
    }

    private long nextSeq = 1;
    private final TreeMap<Long, byte[]> unacked = new TreeMap<>();
    private long delivered;
    private final TreeMap<Long, byte[]> early = new TreeMap<>();

    /** Numbers a new outgoing message; it stays pending until acknowledged. */
    long enqueue(byte[] payload) {
        long seq = nextSeq++;
        unacked.put(seq, payload);
        return seq;
    }

    Map<Long, byte[]> pending() {
        return unacked;
    }

    void acknowledge(long ackSeq) {
        unacked.headMap(ackSeq, true).clear();
    }

    /**
     * Takes an incoming message; returns the messages now deliverable, in order (empty for a
     * duplicate or an early arrival), each with the number it carried, which the trace logs.
     */
    List<Delivery> receive(long seq, byte[] payload) {
        List<Delivery> ready = new ArrayList<>();
        if (seq <= delivered) {
            return ready;
        }
        early.putIfAbsent(seq, payload);
        while (!early.isEmpty() && early.firstKey() == delivered + 1) {
            Map.Entry<Long, byte[]> next = early.pollFirstEntry();
            ready.add(new Delivery(next.getKey(), next.getValue()));
            delivered++;
        }
        return ready;
    }

    /** Highest sequence delivered in order: what DATA_ACK carries. */
    long deliveredUpTo() {
        return delivered;
    }
}
