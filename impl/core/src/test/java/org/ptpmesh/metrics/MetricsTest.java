package org.ptpmesh.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.TlvTypes;

class MetricsTest {

    @Property
    void rttWindowSummarisesExactlyTheLastNSamples(@ForAll @Size(min = 1, max = 100) List<@LongRange(min = 0, max = 10_000) Long> rtts,
                                                  @ForAll @IntRange(min = 1, max = 20) int window) {
        RttWindow w = new RttWindow(window);
        rtts.forEach(w::add);
        List<Long> last = rtts.subList(Math.max(0, rtts.size() - window), rtts.size());
        assertThat(w.count()).isEqualTo(last.size());
        assertThat(w.last()).isEqualTo(rtts.get(rtts.size() - 1));
        assertThat(w.min()).isEqualTo(last.stream().mapToLong(Long::longValue).min().orElseThrow());
        assertThat(w.max()).isEqualTo(last.stream().mapToLong(Long::longValue).max().orElseThrow());
        assertThat(w.mean()).isCloseTo(last.stream().mapToLong(Long::longValue).average().orElseThrow(), within(1e-9));
    }

    @Test
    void emptyWindowSaysSoAndNegativeRttsAreRefused() {
        RttWindow w = new RttWindow(4);
        assertThat(w.last()).isEqualTo(-1);
        assertThat(w.mean()).isEqualTo(-1);
        assertThatThrownBy(() -> w.add(-3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jitterFollowsRfc3550() {
        JitterEstimator j = new JitterEstimator();
        j.add(10);
        assertThat(j.value()).isZero();
        j.add(26);
        assertThat(j.value()).isEqualTo(1.0);
        j.add(26);
        assertThat(j.value()).isEqualTo(15.0 / 16);
        JitterEstimator steady = new JitterEstimator();
        for (int i = 0; i < 100; i++) {
            steady.add(i % 2 == 0 ? 10 : 30);
        }
        // a steady 20 ms swing converges to 20 ms of jitter
        assertThat(steady.value()).isCloseTo(20, within(0.5));
    }

    @Test
    void unansweredProbesAreLostOnceAndLateEchoesAreNotCounted() {
        PeerMetrics m = new PeerMetrics(8, 1_000);
        m.probeSent(100, 0);
        m.probeSent(200, 500);
        assertThat(m.echoReceived(200, 520)).isEqualTo(20);
        m.expire(1_001);
        assertThat(m.snapshot().lost()).isEqualTo(1);
        m.expire(5_000);
        assertThat(m.snapshot().lost()).isEqualTo(1);
        assertThat(m.echoReceived(100, 5_001)).isEqualTo(-1);
        assertThat(m.echoReceived(200, 5_001)).as("a duplicate").isEqualTo(-1);
        MetricsSnapshot s = m.snapshot();
        assertThat(s.sent()).isEqualTo(2);
        assertThat(s.acked()).isEqualTo(1);
        assertThat(s.lossRatio()).isEqualTo(0.5);
    }

    @Property
    void everyProbeEndsAckedLostOrOutstanding(@ForAll @Size(max = 200) List<Boolean> answered) {
        PeerMetrics m = new PeerMetrics(16, 1_000);
        long now = 0;
        for (boolean a : answered) {
            m.probeSent(now, now);
            if (a) {
                m.echoReceived(now, now + 5);
            }
            now += 500;
            m.expire(now);
        }
        m.expire(now + 2_000);
        MetricsSnapshot s = m.snapshot();
        assertThat(s.acked() + s.lost()).isEqualTo(s.sent());
        assertThat(s.lost()).isEqualTo(answered.stream().filter(a -> !a).count());
    }

    @Test
    void reportRoundTripsAndTheWorstCaseFitsOneMetaTlv() {
        byte[] id = new byte[16];
        Arrays.fill(id, (byte) 0xAB);
        MetricsSnapshot worst = new MetricsSnapshot(4_294_967_295L, 4_294_967_295L, 4_294_967_295L, 4_294_967_295L,
                59_999, 59_999.9, 59_999, 59_999, 59_999.9);
        MetricsReport r = new MetricsReport(Endpoint.parse("[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535"), id, worst);
        String json = r.toJson();
        assertThat(json.length()).isLessThanOrEqualTo(TlvTypes.MAX_VALUE_LENGTH);
        MetricsReport back = MetricsReport.parse(json).orElseThrow();
        assertThat(back.peer()).isEqualTo(r.peer());
        assertThat(back.peerId()).isEqualTo(id);
        assertThat(back.metrics()).isEqualTo(worst);
    }

    @Test
    void metaThatIsNotAReportIsNotMistakenForOne() {
        assertThat(MetricsReport.parse("{\"os\":\"linux\"}")).isEmpty();
        assertThat(MetricsReport.parse("[1,2]")).isEmpty();
        assertThat(MetricsReport.parse("{\"peer\":\"nonsense\",\"rtt\":[1,2,3,4]}")).isEmpty();
        assertThat(MetricsReport.parse("{\"peer\":\"1.2.3.4:5\",\"id\":\"zz\",\"rtt\":[1,2,3,4]}")).isEmpty();
    }
}
