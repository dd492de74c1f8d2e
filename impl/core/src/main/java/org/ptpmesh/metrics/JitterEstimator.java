package org.ptpmesh.metrics;

/**
 * Interarrival jitter as RFC 3550 section 6.4.1 defines it: with D the difference between two
 * consecutive transit times, J += (|D| - J) / 16. The transit time here is the round-trip time
 * of consecutive probes, so no clock synchronisation between peers is needed.
 */
public final class JitterEstimator {

    private long previous = -1;
    private double jitter;

    public void add(long rttMillis) {
        if (previous >= 0) {
            long d = Math.abs(rttMillis - previous);
            // the 1/16 gain is RFC 3550's: it smooths noise but follows a trend within ~16 samples
            jitter += (d - jitter) / 16.0;
        }
        previous = rttMillis;
    }

    /** Milliseconds; 0 until two samples arrived. */
    public double value() {
        return jitter;
    }
}
