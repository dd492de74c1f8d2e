package org.ptpmesh.metrics;

/**
 * Round-trip times of the last N answered probes: last, mean, min and max over that window. A
 * window (not an all-time average) is what ptptest's future-work list asked for, so that a path
 * that got better or worse shows it within N probes.
 */
public final class RttWindow {

    private final long[] samples;
    private int count;
    private int next;
    private long last = -1;

    public RttWindow(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("window size must be at least 1, got " + size);
        }
        samples = new long[size];
    }

    /** Adds one RTT in milliseconds; negative values (a clock step) are refused. */
    public void add(long rttMillis) {
        if (rttMillis < 0) {
            throw new IllegalArgumentException("negative RTT " + rttMillis);
        }
        samples[next] = rttMillis;
        next = (next + 1) % samples.length;
        count = Math.min(count + 1, samples.length);
        last = rttMillis;
    }

    public int count() {
        return count;
    }

    /** The latest sample, or -1 before the first. */
    public long last() {
        return last;
    }

    /** Mean of the window, or -1 when empty. */
    public double mean() {
        if (count == 0) {
            return -1;
        }
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += samples[i];
        }
        return (double) sum / count;
    }

    public long min() {
        if (count == 0) {
            return -1;
        }
        long min = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            min = Math.min(min, samples[i]);
        }
        return min;
    }

    public long max() {
        if (count == 0) {
            return -1;
        }
        long max = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            max = Math.max(max, samples[i]);
        }
        return max;
    }
}
