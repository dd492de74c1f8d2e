package org.ptpmesh.metrics;

/**
 * One peer's counters and delay figures at one moment. RTT fields are milliseconds, -1 when no
 * probe was answered yet.
 *
 * @param sent     probes sent to the peer
 * @param received probes received from the peer
 * @param acked    our probes the peer answered (echoes received)
 * @param lost     our probes not answered within the loss timeout
 */
public record MetricsSnapshot(long sent, long received, long acked, long lost, long rttLast, double rttMean,
                              long rttMin, long rttMax, double jitter) {

    /** Lost over decided (acked + lost), 0 when nothing was decided yet. */
    public double lossRatio() {
        long decided = acked + lost;
        return decided == 0 ? 0 : (double) lost / decided;
    }
}
