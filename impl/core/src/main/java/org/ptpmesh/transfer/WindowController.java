package org.ptpmesh.transfer;

/**
 * The receiver's window, in blocks, sized from what the path delivers rather than from loss:
 * it doubles every round trip (one more block per block delivered) while the measured delivery
 * rate keeps growing and round trips stay short, and then follows twice the bandwidth-delay product, the recent
 * delivery rate times the lowest RTT seen. A lost block does not shrink it, so random loss
 * costs only the lost blocks, not the rate. It never holds more than the path plus what can
 * queue at the receiver (its socket buffer), which overflowed otherwise (docs/transfer.md, "The window").
 */
final class WindowController {

    /** Rate intervals the delivery rate is the best of. */
    private static final int RATE_HISTORY = 8;
    /** Startup ends after this many intervals without 25 % growth of the best rate. */
    private static final int FLAT_INTERVALS = 3;
    /** Startup also ends when a round trip exceeds the lowest (or the floor) this many times. */
    private static final int QUEUE_FACTOR = 4;
    private static final double GAIN = 2.0;
    /**
     * A rate interval lasts at least this long (and at least two round trips). The rate is the
     * best interval's, and an interval much shorter than a scheduler's time slice can fall just
     * after a stall, when the receiver drains its socket buffer at its own speed rather than the
     * path's: with 8 ms intervals on a 2-core machine the best interval read twice the sustained
     * rate, the window twice what the path held, and the surplus overflowed the receiver's socket
     * buffer, whose losses were asked for again on top of the window (docs/performance.md).
     */
    private static final long MIN_INTERVAL_MILLIS = 50;
    /**
     * The clock counts milliseconds, so a round trip below a few of them (a LAN, loopback) reads
     * as 0 or 1 and the product would starve the pipe: the window always covers at least this
     * much of the delivery rate. It adds at most this much queueing delay on such paths.
     */
    private static final long RTT_FLOOR_MILLIS = 4;

    private final int min;
    private final int max;
    /** Blocks that may wait at the receiver beyond what the path holds (its socket buffer). */
    private final double queueBound;
    private double window;
    private boolean startup = true;
    private long minRtt = Long.MAX_VALUE;
    private final long[] intervalBlocks = new long[RATE_HISTORY];
    private final long[] intervalMillis = new long[RATE_HISTORY];
    private int rateIndex;
    private long intervalStart = -1;
    private long intervalDelivered;
    private double bestAtGrowth;
    private int flatIntervals;

    /**
     * @param queueBound blocks that may wait at the receiver: the window stays within what the
     *                   path holds (the rate times the lowest round trip measured) plus this
     */
    WindowController(int initial, int min, int max, int queueBound) {
        this.window = initial;
        this.min = min;
        this.max = max;
        this.queueBound = queueBound;
    }

    /** A requested block arrived; {@code rttMillis} is its round trip, or -1 if it was re-requested. */
    void delivered(long now, long rttMillis) {
        if (intervalStart < 0) {
            intervalStart = now;
        }
        if (rttMillis >= 0) {
            minRtt = Math.min(minRtt, rttMillis);
            if (startup && rttMillis > QUEUE_FACTOR * effectiveRtt()) {
                // the round trip grew well past its floor: the window fills a queue now, not the pipe
                double rate = rateSoFar(now);
                if (rate > 0) {
                    leaveStartup(rate);
                }
            }
        }
        intervalDelivered++;
        if (startup) {
            window = within(window + 1, rateSoFar(now));
        }
        if (now - intervalStart >= Math.max(MIN_INTERVAL_MILLIS, 2 * effectiveRtt())) {
            endInterval(now);
        }
    }

    private void endInterval(long now) {
        intervalBlocks[rateIndex] = intervalDelivered;
        intervalMillis[rateIndex] = now - intervalStart;
        rateIndex = (rateIndex + 1) % RATE_HISTORY;
        intervalStart = now;
        intervalDelivered = 0;
        double best = bestRate();
        if (startup) {
            if (best >= 1.25 * bestAtGrowth) {
                bestAtGrowth = best;
                flatIntervals = 0;
            } else if (++flatIntervals >= FLAT_INTERVALS) {
                leaveStartup(best);
            }
        }
        if (!startup) {
            window = sized(best);
        }
    }

    private void leaveStartup(double rate) {
        startup = false;
        window = sized(rate);
    }

    /** Twice the bandwidth-delay product of {@code rate}, within the bounds. */
    private double sized(double rate) {
        return within(GAIN * rate * effectiveRtt(), rate);
    }

    /** {@code candidate} kept between the smallest window and the {@link #ceiling} at {@code rate}. */
    private double within(double candidate, double rate) {
        return Math.max(min, Math.min(ceiling(rate), candidate));
    }

    /**
     * The largest window at {@code rate}: what the path holds, the rate times the lowest round
     * trip measured (not floored: on a LAN that is nearly nothing), plus what may queue at the
     * receiver. When the receiver is the slower end, everything in flight beyond the path waits
     * in its socket buffer, and what does not fit is lost there and asked for again
     * (docs/transfer.md, "The window").
     */
    private double ceiling(double rate) {
        double path = minRtt == Long.MAX_VALUE ? 0 : rate * minRtt;
        return Math.min(max, path + queueBound);
    }

    /** The best recent rate, or before the first interval has ended, the rate of the one under way. */
    private double rateSoFar(long now) {
        return Math.max(bestRate(), currentRate(now));
    }

    /** Blocks per millisecond of the interval under way. */
    private double currentRate(long now) {
        return now > intervalStart ? (double) intervalDelivered / (now - intervalStart) : 0;
    }

    /**
     * Blocks per millisecond of the best recent interval, as BBR filters its bandwidth estimate:
     * a maximum, not an average. With an average, an interval in which one end was not
     * scheduled (two processes and a hashing thread on two cores, a collection) lowered the
     * rate, so the window, so what could be delivered next, so the rate again: on a loaded
     * machine, and at loss, the window sank to a fraction of what the path carries. Bursts
     * are what a maximum picks up, so intervals last at least {@value #MIN_INTERVAL_MILLIS} ms
     * (shorter ones read up to twice the sustained rate). Measured side by side, 5% loss kept
     * 0.92 of the lossless goodput this way against 0.85 with the average (docs/performance.md).
     */
    private double bestRate() {
        double best = 0;
        for (int i = 0; i < RATE_HISTORY; i++) {
            if (intervalMillis[i] > 0) {
                best = Math.max(best, (double) intervalBlocks[i] / intervalMillis[i]);
            }
        }
        return best;
    }

    private long effectiveRtt() {
        return minRtt == Long.MAX_VALUE ? RTT_FLOOR_MILLIS : Math.max(RTT_FLOOR_MILLIS, minRtt);
    }

    int window() {
        return (int) window;
    }

    boolean inStartup() {
        return startup;
    }

}
