package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * {@link LossDetector} as a state machine: requests go out with increasing sequence numbers,
 * some are answered (in any order, after any delay), and after every step each unanswered
 * request is judged exactly as RFC 9002 says: lost only once a later one was answered, by order
 * at the packet threshold, by time at 9/8 of the round trip, never otherwise.
 */
class LossDetectorProperties {

    /** A request: its sequence number and when it went out. */
    private record Request(long seq, long sentAt) {
    }

    @Property(tries = 300)
    void aRequestIsLostOnlyOnceOvertakenAndThenByOrderOrByTime(@ForAll long seed, @ForAll @IntRange(min = 1, max = 200) int requests,
                                                               @ForAll @IntRange(min = 0, max = 100) int answeredPercent) {
        SplittableRandom random = new SplittableRandom(seed);
        LossDetector detector = new LossDetector();
        List<Request> open = new ArrayList<>();
        long now = 0;
        long largest = -1;
        long latestRtt = -1;
        double srtt = -1;
        for (long seq = 0; seq < requests; seq++) {
            now += random.nextInt(3);
            open.add(new Request(seq, now));
            // answer a few of the open requests, in any order
            while (!open.isEmpty() && random.nextInt(100) < answeredPercent) {
                Request answered = open.remove(random.nextInt(open.size()));
                now += random.nextInt(30);
                detector.arrived(answered.seq, answered.sentAt, true, now);
                largest = Math.max(largest, answered.seq);
                latestRtt = now - answered.sentAt;
                srtt = srtt < 0 ? latestRtt : 0.875 * srtt + 0.125 * latestRtt;
            }
            for (Request r : open) {
                LossDetector.Verdict verdict = detector.judge(r.seq, r.sentAt, now, srtt);
                long lossTime = r.sentAt + Math.max(1, (long) Math.ceil(Math.max(srtt, latestRtt) * 9 / 8));
                if (r.seq >= largest) {
                    assertThat(verdict).isEqualTo(LossDetector.Verdict.NOT_OVERTAKEN);
                } else if (largest - r.seq >= TransferDefaults.LOSS_PACKET_THRESHOLD) {
                    assertThat(verdict).isEqualTo(LossDetector.Verdict.LOST_BY_ORDER);
                } else {
                    assertThat(verdict).isEqualTo(now >= lossTime ? LossDetector.Verdict.LOST_BY_TIME : LossDetector.Verdict.PENDING);
                    assertThat(detector.lossTime(r.sentAt, srtt)).isEqualTo(lossTime);
                }
            }
        }
    }

    @Property(tries = 200)
    void everyOvertakenRequestIsLostByItsLossTime(@ForAll @LongRange(min = 0, max = 10_000) long sentAt,
                                                  @ForAll @LongRange(min = 0, max = 2_000) long rtt,
                                                  @ForAll @IntRange(min = -1, max = 3_000) int srtt) {
        LossDetector detector = new LossDetector();
        // the request of seq 0 is open; seq 1, requested at the same time, was answered
        detector.arrived(1, sentAt, true, sentAt + rtt);
        long due = detector.lossTime(sentAt, srtt);
        assertThat(due).isGreaterThan(sentAt);
        assertThat(detector.judge(0, sentAt, due, srtt)).isEqualTo(LossDetector.Verdict.LOST_BY_TIME);
        assertThat(detector.judge(0, sentAt, due - 1, srtt)).isEqualTo(LossDetector.Verdict.PENDING);
    }

    @Property(tries = 200)
    void anAnswerTooEarlyForTheLatestRequestOvertakesNothingAndRaisesTheThreshold(
            @ForAll @IntRange(min = 2, max = 500) int minRtt, @ForAll @IntRange(min = 1, max = 20) int spurious) {
        LossDetector detector = new LossDetector();
        detector.arrived(0, 0, true, minRtt);
        int expected = TransferDefaults.LOSS_PACKET_THRESHOLD;
        for (int i = 0; i < spurious; i++) {
            long reRequestedAt = 1_000L * (i + 1);
            // a block asked for again whose first answer comes right after: it answers the first request
            detector.arrived(100 + i, reRequestedAt, false, reRequestedAt + minRtt - 2);
            expected = Math.min(TransferDefaults.MAX_LOSS_PACKET_THRESHOLD, expected * 2);
            assertThat(detector.largestArrivedSeq()).isZero();
            assertThat(detector.packetThreshold()).isEqualTo(expected);
        }
        // an answer a round trip after the re-request answers it, and overtakes what was asked before
        detector.arrived(1_000, 100_000, false, 100_000 + minRtt);
        assertThat(detector.largestArrivedSeq()).isEqualTo(1_000);
        assertThat(detector.packetThreshold()).isBetween(TransferDefaults.LOSS_PACKET_THRESHOLD,
                TransferDefaults.MAX_LOSS_PACKET_THRESHOLD);
    }
}
