package org.ptpmesh.transfer;

/**
 * The receiver's window, in blocks, sized from what the path delivers rather than from loss:
 * it doubles every round trip (one more block per block delivered) while the measured delivery
 * rate keeps growing and round trips stay short, and then follows twice the bandwidth-delay
 * product, the recent delivery rate times the lowest RTT seen, as long as no queue stands. A
 * lost block does not shrink it, so random loss costs only the lost blocks, not the rate. It
 * never holds more than the path plus what can queue at the receiver (its socket buffer), which
 * overflowed otherwise (docs/transfer.md, "The window").
 *
 * <p>Random loss is told from congestion per rate interval. The share of requests lost in an
 * interval is compared with the path's steady share, the median of the last intervals: random
 * loss shows in every interval alike, congestion as a rise. The rate an interval measured is
 * divided by what the steady share leaves (blocks the path carried and lost at random count as
 * carried), so the window does not sink with random loss. Two intervals in a row that lose
 * clearly more than the steady share ({@link Congestion#LOSS}) cut the window by {@link #CUT}.
 *
 * <p>A queue at a shared bottleneck is met with additive increase and multiplicative decrease
 * on the delay signal, as LEDBAT (RFC 6817) does: while an interval's lowest round trip stands
 * above the base, the window grows by {@value #ADDITIVE_INCREASE} blocks per interval, and
 * beyond the target ({@link Congestion#QUEUE}) it is halved. A window sized from each transfer's
 * own rate keeps whatever split transfers sharing a link start with; this rule moves them to
 * equal shares, and yields to a TCP flow that keeps the queue full.
 */
final class WindowController {

    /** Why the window shrank at the end of a rate interval, or {@link #NONE}. */
    enum Congestion { NONE, LOSS, QUEUE }

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
    /**
     * The queueing delay the window aims at (LEDBAT's target, RFC 6817, scaled to a LAN): an
     * interval whose lowest round trip exceeds the lowest seen (or the floor) by more than this
     * is a standing queue at a saturated bottleneck, and the window is cut by {@link #QUEUE_CUT}.
     * It is small so that the queue left after a cut is below the floor: a transfer that starts
     * beside others then measures the same lowest round trip they do, not their queue, and aims
     * at the same delay (a newcomer that took their queue for the path would never yield).
     */
    static final long QUEUE_TARGET_MILLIS = 4;
    /**
     * A queue above the target cuts the window to this share (LEDBAT++'s decrease): deep enough
     * that transfers sharing the bottleneck drain the queue below the floor together.
     */
    static final double QUEUE_CUT = 0.5;
    /**
     * Blocks the window grows by per interval while a queue within the target stands: additive
     * increase and multiplicative decrease bring windows sharing a bottleneck to equal shares
     * (Chiu and Jain), where a window sized from each one's own rate keeps any split it starts with.
     */
    static final int ADDITIVE_INCREASE = 8;
    /**
     * A queue above the target counts only in an interval that delivered at least this share of
     * the best recent rate: on a loaded machine an end that was not scheduled for a while
     * lengthens every round trip of an interval as a queue does, but it slows delivery too.
     */
    static final double QUEUE_RATE_SHARE = 0.8;
    /** Loss above the steady share cuts the window to this share of itself (BBRv2's beta). */
    static final double CUT = 0.7;
    /**
     * An interval is congested when its loss share exceeds the steady share by this much and by
     * {@link #LOSS_DEVIATIONS} standard deviations of a share measured over that many requests,
     * so the spread of random loss alone rarely reads as congestion.
     */
    static final double LOSS_MARGIN = 0.05;
    /**
     * With three deviations, two intervals in a row above them came up in 1 of 900 runs of 4 s at
     * random loss between a quarter and a half (the steady share, a median of eight, itself
     * spreads by almost half a deviation), and the window was cut for random loss.
     */
    static final double LOSS_DEVIATIONS = 4;
    /** Random loss above this share is not compensated for: the rate would rest on a few answers. */
    private static final double MAX_COMPENSATED_LOSS = 0.9;

    private final int min;
    private final int max;
    /** Blocks that may wait at the receiver beyond what the path holds (its socket buffer). */
    private final double queueBound;
    private double window;
    private boolean startup = true;
    private long minRtt = Long.MAX_VALUE;
    /** Blocks per millisecond the last intervals carried (delivered, and lost at the steady share). */
    private final double[] intervalRate = new double[RATE_HISTORY];
    /** Loss shares of the last intervals, -1 for none yet. */
    private final double[] lossShares = {-1, -1, -1, -1, -1, -1, -1, -1};
    /** {@link #steadyLossShare()} as of the last interval's end (it changes only then). */
    private double steadyShare = -1;
    private int rateIndex;
    private long intervalStart = -1;
    private long intervalDelivered;
    private long intervalLost;
    private long intervalMinRtt = Long.MAX_VALUE;
    /** Whether the last interval lost more than the steady share: one such interval is no congestion yet. */
    private boolean lossRoseBefore;
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

    /**
     * A requested block arrived; {@code rttMillis} is its round trip, or -1 if it was re-requested.
     * Returns the congestion an interval that ended now showed, if the window shrank for it.
     */
    Congestion delivered(long now, long rttMillis) {
        if (intervalStart < 0) {
            intervalStart = now;
        }
        if (rttMillis >= 0) {
            minRtt = Math.min(minRtt, rttMillis);
            intervalMinRtt = Math.min(intervalMinRtt, rttMillis);
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
        return intervalOver(now);
    }

    /** A requested block was found lost (by later answers or by a probe timeout). */
    Congestion lost(long now) {
        if (intervalStart < 0) {
            intervalStart = now;
        }
        intervalLost++;
        return intervalOver(now);
    }

    private Congestion intervalOver(long now) {
        if (now - intervalStart >= Math.max(MIN_INTERVAL_MILLIS, 2 * effectiveRtt())) {
            return endInterval(now);
        }
        return Congestion.NONE;
    }

    private Congestion endInterval(long now) {
        long events = intervalDelivered + intervalLost;
        double share = events == 0 ? 0 : (double) intervalLost / events;
        double steady = steadyShare;
        Congestion congestion = Congestion.NONE;
        boolean lossRose = steady >= 0 && share > steady + margin(steady, events);
        double compensated = Math.min(MAX_COMPENSATED_LOSS, steady < 0 ? share : Math.min(share, steady));
        double rate = (double) intervalDelivered / (now - intervalStart) / (1 - compensated);
        boolean measured = intervalMinRtt != Long.MAX_VALUE;
        // a queue at a bottleneck delays blocks that still arrive at its rate; an end that was not
        // scheduled delays them too, but then they arrive slower, and that is no reason to cut
        long base = baseRtt();
        boolean queued = measured && intervalMinRtt > base + Math.max(QUEUE_TARGET_MILLIS, base / 4)
                && rate >= QUEUE_RATE_SHARE * bestRate();
        // a queue within the target: the bottleneck is saturated, the window grows additively
        boolean standing = measured && intervalMinRtt > Math.min(base, RTT_FLOOR_MILLIS);
        // startup has its own exit on long round trips; a first interval's can be a cold start's
        if (!startup && lossRose && lossRoseBefore) {
            congestion = Congestion.LOSS;
        } else if (!startup && queued) {
            congestion = Congestion.QUEUE;
        }
        // blocks lost at the steady share were carried as far as the path's random loss lets them
        lossRoseBefore = lossRose && congestion == Congestion.NONE;
        lossShares[rateIndex] = share;
        steadyShare = steadyLossShare();
        intervalRate[rateIndex] = rate;
        rateIndex = (rateIndex + 1) % RATE_HISTORY;
        intervalStart = now;
        intervalDelivered = 0;
        intervalLost = 0;
        intervalMinRtt = Long.MAX_VALUE;
        if (congestion != Congestion.NONE) {
            // the rate filter forgets the rates from before the congestion, or it restored the window at once
            java.util.Arrays.fill(intervalRate, 0);
            intervalRate[(rateIndex + RATE_HISTORY - 1) % RATE_HISTORY] = rate;
            window = congestion == Congestion.QUEUE
                    ? Math.max(min, window * QUEUE_CUT)
                    : Math.max(min, Math.min(sized(rate), window * CUT));
            return congestion;
        }
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
            window = standing ? within(window + ADDITIVE_INCREASE, best) : sized(best);
        }
        return Congestion.NONE;
    }

    /** The median loss share of the recent intervals (the lower one of an even count), or -1 before the first. */
    private double steadyLossShare() {
        double[] shares = new double[RATE_HISTORY];
        int n = 0;
        for (double s : lossShares) {
            if (s >= 0) {
                shares[n++] = s;
            }
        }
        if (n == 0) {
            return -1;
        }
        java.util.Arrays.sort(shares, 0, n);
        return shares[(n - 1) / 2];
    }

    /** How far above the steady share an interval of {@code events} requests may lose before it reads as congestion. */
    private static double margin(double steady, long events) {
        return Math.max(LOSS_MARGIN, LOSS_DEVIATIONS * Math.sqrt(steady * (1 - steady) / Math.max(1, events)));
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
        if (now <= intervalStart) {
            return 0;
        }
        double steady = steadyShare;
        return (double) intervalDelivered / (now - intervalStart) / (1 - Math.min(MAX_COMPENSATED_LOSS, Math.max(0, steady)));
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
        for (double rate : intervalRate) {
            best = Math.max(best, rate);
        }
        return best;
    }

    /**
     * The round trip a queue is measured from. Below the floor plus the target it is the floor:
     * such a lowest round trip is a short path's (a LAN's, a namespace's) or one measured through
     * the queue of transfers that started earlier and aim at that target, and a transfer that took
     * their queue for its path would aim above them and never yield.
     */
    private long baseRtt() {
        return minRtt < RTT_FLOOR_MILLIS + QUEUE_TARGET_MILLIS ? RTT_FLOOR_MILLIS : minRtt;
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
