package org.ptpmesh.transfer;

/**
 * Finds lost requests from later answers, as QUIC does (RFC 9002, section 6.1), so that random
 * loss costs a round trip and a little, not a retransmission timeout. Every request has a
 * sequence number (its place in {@link Outstanding}); a request is lost once a block requested
 * after it has arrived and either {@link TransferDefaults#LOSS_PACKET_THRESHOLD} later requests
 * have (the packet threshold) or 9/8 of the round trip has passed since it was sent (the time
 * threshold, so that a tail of a few requests is not left to the timeout). A request not yet
 * overtaken is left to the probe timeout. A loss found by order that was not one (the first
 * answer came after all) doubles the packet threshold, up to the largest window.
 *
 * <p>Pure state, no clock: the receiver reports arrivals and asks about its oldest request.
 */
final class LossDetector {

    /** What {@link #judge} says of a request. */
    enum Verdict {
        /** Nothing requested after it has arrived: only the probe timeout can tell. */
        NOT_OVERTAKEN,
        /** Overtaken, but neither threshold reached yet: look again at {@link #lossTime}. */
        PENDING,
        /** Lost: enough later requests arrived. */
        LOST_BY_ORDER,
        /** Lost: overtaken, and 9/8 of a round trip passed. */
        LOST_BY_TIME
    }

    private long largestArrivedSeq = -1;
    /** When the request {@link #largestArrivedSeq} went out: requests of hash lists before it are overtaken too. */
    private long largestArrivedSentAt = Long.MIN_VALUE;
    /** The packet threshold, raised by spurious losses (see {@link #arrived}). */
    private int packetThreshold = TransferDefaults.LOSS_PACKET_THRESHOLD;
    private long latestRtt = -1;
    private long minRtt = Long.MAX_VALUE;

    /**
     * A requested block arrived. {@code seq} and {@code sentAt} are its latest request's; {@code
     * firstRequest} whether it was asked for once. The answer to a block asked for more than once
     * may answer an earlier request (Karn's ambiguity): it counts as answering the latest only
     * when it came at least the lowest round trip after it (less the clock's millisecond), otherwise a late first answer would
     * make every request between the two look overtaken. It gives no round-trip sample either way.
     */
    void arrived(long seq, long sentAt, boolean firstRequest, long now) {
        long rtt = now - sentAt;
        if (firstRequest) {
            latestRtt = rtt;
            minRtt = Math.min(minRtt, rtt);
        }
        if (firstRequest || rtt + TransferDefaults.LOSS_GRANULARITY_MILLIS >= minRtt) {
            if (seq > largestArrivedSeq) {
                largestArrivedSeq = seq;
                largestArrivedSentAt = sentAt;
            }
        } else {
            // an earlier request's answer, late but not lost: the path reorders more than the
            // threshold allowed for; allow for twice as much (RFC 9002 6.1.1, as TCP's RACK does)
            packetThreshold = Math.min(TransferDefaults.MAX_LOSS_PACKET_THRESHOLD, packetThreshold * 2);
        }
    }

    /** What the request {@code seq}, sent at {@code sentAt}, is at {@code now}, with the smoothed RTT {@code srtt} (-1: none yet). */
    Verdict judge(long seq, long sentAt, long now, double srtt) {
        if (seq >= largestArrivedSeq) {
            return Verdict.NOT_OVERTAKEN;
        }
        if (largestArrivedSeq - seq >= packetThreshold) {
            return Verdict.LOST_BY_ORDER;
        }
        return now >= lossTime(sentAt, srtt) ? Verdict.LOST_BY_TIME : Verdict.PENDING;
    }

    /**
     * When an overtaken request sent at {@code sentAt} counts as lost by time: 9/8 of the larger
     * of the smoothed and the latest round trip (RFC 9002's kTimeThreshold), at least the 1 ms
     * the clock can tell.
     */
    long lossTime(long sentAt, double srtt) {
        double rtt = Math.max(Math.max(srtt, latestRtt), 0);
        long delay = Math.max(TransferDefaults.LOSS_GRANULARITY_MILLIS,
                (long) Math.ceil(rtt * TransferDefaults.LOSS_TIME_THRESHOLD_EIGHTHS / 8));
        return sentAt + delay;
    }

    /** How many later requests must have been answered for a request to be lost by order. */
    int packetThreshold() {
        return packetThreshold;
    }

    /**
     * The latest time at which a request counts as lost now, by time, if it went out before the
     * latest request known answered (hash lists are asked for beside blocks, and have no sequence
     * number): {@link Long#MIN_VALUE} while nothing is.
     */
    long lostIfSentBefore(long now, double srtt) {
        if (largestArrivedSentAt == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        return Math.min(largestArrivedSentAt - 1, now - (lossTime(0, srtt)));
    }

    /** The sequence number of the latest request known answered, or -1. */
    long largestArrivedSeq() {
        return largestArrivedSeq;
    }
}
