package org.ptpmesh.metrics;

/**
 * Everything measured about one peer: packets sent, received and acknowledged, losses (a probe
 * unanswered within the timeout), RTT over the last N answers, and RFC 3550 jitter.
 */
public final class PeerMetrics {

    private final ProbeLedger ledger;
    private final RttWindow rtt;
    private final JitterEstimator jitter = new JitterEstimator();
    private final long lossTimeout;
    private long sent;
    private long received;
    private long acked;
    private long lost;

    /**
     * @param window      how many recent RTTs the statistics cover
     * @param lossTimeout milliseconds after which an unanswered probe is lost
     */
    public PeerMetrics(int window, long lossTimeout) {
        this.rtt = new RttWindow(window);
        // a ledger that holds more than the timeout's worth of probes would never evict early
        this.ledger = new ProbeLedger(Math.max(16, window * 2));
        this.lossTimeout = lossTimeout;
    }

    public void probeSent(long myts, long now) {
        sent++;
        lost += ledger.sent(myts, now);
    }

    public void probeReceived() {
        received++;
    }

    /**
     * An echo of one of our probes arrived.
     *
     * @return the round-trip time in milliseconds, or -1 when it answers no outstanding probe
     *         (a duplicate, or one already counted lost)
     */
    public long echoReceived(long yourts, long now) {
        long sentAt = ledger.answered(yourts);
        if (sentAt < 0) {
            return -1;
        }
        long sample = Math.max(0, now - sentAt);
        acked++;
        rtt.add(sample);
        jitter.add(sample);
        return sample;
    }

    /** Counts probes older than the loss timeout as lost. */
    public void expire(long now) {
        lost += ledger.expire(now, lossTimeout);
    }

    public MetricsSnapshot snapshot() {
        return new MetricsSnapshot(sent, received, acked, lost, rtt.last(), rtt.mean(), rtt.min(), rtt.max(),
                jitter.value());
    }
}
