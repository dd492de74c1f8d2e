package org.ptpmesh.client;

import org.ptpmesh.metrics.MetricsSnapshot;
import org.ptpmesh.metrics.PeerMetrics;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.list.ClientEntry;

/**
 * A client of the latest list, as this client sees it: where to reach it (its LAN address when
 * the server gave one, since that means both sit behind the same public IP) and what was
 * measured.
 */
final class ListedPeer {

    private final PeerMetrics metrics;
    private ClientEntry entry;
    private long lastAnswerAt = -1;

    ListedPeer(ClientEntry entry, PeerMetrics metrics) {
        this.entry = entry;
        this.metrics = metrics;
    }

    static Endpoint contactOf(ClientEntry e) {
        return e.internal() != null ? e.internal() : e.external();
    }

    Endpoint contact() {
        return contactOf(entry);
    }

    ClientEntry entry() {
        return entry;
    }

    void relisted(ClientEntry latest) {
        entry = latest;
    }

    PeerMetrics metrics() {
        return metrics;
    }

    void answered(long now) {
        lastAnswerAt = now;
    }

    /** "up" when an answer came within the loss timeout, "down" when not, "new" before any. */
    String state(long now, long lossTimeout) {
        if (lastAnswerAt < 0) {
            return metrics.snapshot().lost() > 0 ? "down" : "new";
        }
        return now - lastAnswerAt <= lossTimeout ? "up" : "down";
    }

    MetricsSnapshot snapshot() {
        return metrics.snapshot();
    }
}
