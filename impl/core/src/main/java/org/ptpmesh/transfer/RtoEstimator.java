package org.ptpmesh.transfer;

/**
 * The retransmission timeout of RFC 6298: SRTT and RTTVAR from round-trip samples (alpha 1/8,
 * beta 1/4, K = 4), doubled on every timeout until a new sample arrives, kept between a floor
 * and a ceiling. Samples come only from blocks requested once (Karn's rule, applied by the caller).
 */
final class RtoEstimator {

    private final long min;
    private final long max;
    private double srtt = -1;
    private double rttvar;
    private long rto;

    RtoEstimator(long initial, long min, long max) {
        this.min = min;
        this.max = max;
        this.rto = initial;
    }

    void sample(long rttMillis) {
        double r = Math.max(0, rttMillis);
        if (srtt < 0) {
            srtt = r;
            rttvar = r / 2;
        } else {
            rttvar = 0.75 * rttvar + 0.25 * Math.abs(srtt - r);
            srtt = 0.875 * srtt + 0.125 * r;
        }
        // RFC 6298 adds max(G, K*RTTVAR); a 1 ms clock granularity is G
        rto = clamp(Math.round(srtt + Math.max(1, 4 * rttvar)));
    }

    /** A timeout fired: back off (RFC 6298 5.5). */
    void backOff() {
        rto = clamp(rto * 2);
    }

    /**
     * A requested block arrived, even one asked for more than once and so no sample (Karn): the
     * path delivers again, so the back-off ends and the RTO is the estimate's again, as TCP ends
     * its back-off on an acknowledgement of new data. Otherwise, in the last blocks of a transfer,
     * where every block outstanding is a re-requested one, each lost re-request doubled the wait
     * before the next (30 ms, 60 ms, ... seconds) with no sample to undo it.
     */
    void endBackOff() {
        if (srtt >= 0) {
            rto = clamp(Math.round(srtt + Math.max(1, 4 * rttvar)));
        }
    }

    long rto() {
        return rto;
    }

    /** Smoothed RTT, or -1 before the first sample. */
    double srtt() {
        return srtt;
    }

    private long clamp(long value) {
        return Math.max(min, Math.min(max, value));
    }
}
