package org.ptpmesh.transfer;

/**
 * The receiver's window, in blocks, sized from what the path delivers rather than from loss:
 * it doubles every round trip (one more block per block delivered) while the measured delivery
 * rate keeps growing, and then follows twice the bandwidth-delay product, the highest recent
 * delivery rate times the lowest RTT seen. A lost block does not shrink it, so random loss
 * costs only the lost blocks, not the rate (docs/transfer.md, "Window").
 */
final class WindowController {

    /** Rate intervals kept for the windowed maximum. */
    private static final int RATE_HISTORY = 8;
    /** Startup ends after this many intervals without 25 % growth of the best rate. */
    private static final int FLAT_INTERVALS = 3;
    private static final double GAIN = 2.0;

    private final int min;
    private final int max;
    private double window;
    private boolean startup = true;
    private long minRtt = Long.MAX_VALUE;
    private final double[] rates = new double[RATE_HISTORY];
    private int rateIndex;
    private long intervalStart = -1;
    private long intervalDelivered;
    private double bestAtGrowth;
    private int flatIntervals;

    WindowController(int initial, int min, int max) {
        this.window = initial;
        this.min = min;
        this.max = max;
    }

    /** A requested block arrived; {@code rttMillis} is its round trip, or -1 if it was re-requested. */
    void delivered(long now, long rttMillis) {
        if (rttMillis >= 0) {
            minRtt = Math.min(minRtt, rttMillis);
        }
        if (intervalStart < 0) {
            intervalStart = now;
        }
        intervalDelivered++;
        if (startup) {
            window = Math.min(max, window + 1);
        }
        // An interval spans at least two round trips and 5 ms, so a millisecond clock measures it.
        long interval = Math.max(5, 2 * effectiveRtt());
        if (now - intervalStart >= interval) {
            endInterval(now);
        }
    }

    private void endInterval(long now) {
        rates[rateIndex] = (double) intervalDelivered / (now - intervalStart);
        rateIndex = (rateIndex + 1) % RATE_HISTORY;
        intervalStart = now;
        intervalDelivered = 0;
        double best = bestRate();
        if (startup) {
            if (best >= 1.25 * bestAtGrowth) {
                bestAtGrowth = best;
                flatIntervals = 0;
            } else if (++flatIntervals >= FLAT_INTERVALS) {
                startup = false;
            }
        }
        if (!startup) {
            window = Math.max(min, Math.min(max, GAIN * best * effectiveRtt()));
        }
    }

    private double bestRate() {
        double best = 0;
        for (double r : rates) {
            best = Math.max(best, r);
        }
        return best;
    }

    private long effectiveRtt() {
        return minRtt == Long.MAX_VALUE ? 1 : Math.max(1, minRtt);
    }

    int window() {
        return (int) window;
    }

    boolean inStartup() {
        return startup;
    }

    /** Best recent delivery rate in blocks per millisecond. */
    double deliveryRate() {
        return bestRate();
    }
}
