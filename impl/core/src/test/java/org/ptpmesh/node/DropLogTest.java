package org.ptpmesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.trace.Tracer;
import org.ptpmesh.wire.Endpoint;

class DropLogTest {

    private static final DropReason CHECKSUM = () -> "bad_checksum";
    private static final DropReason RATE = () -> "rate_limited";
    private static final Endpoint FLOODER = Endpoint.of("203.0.113.66", 666);

    private final List<TraceEvent> events = new ArrayList<>();
    private final DropLog log = new DropLog(new Tracer("server", state -> { }), 3);

    @Test
    void eachDropIsTracedWithReasonDetailAndSourceAtTheFlush() {
        log.dropped(1_000, RATE, FLOODER);
        log.dropped(1_001, CHECKSUM, "REGISTER", "forbidden_tlv", FLOODER);
        assertThat(events).as("nothing before the flush").isEmpty();
        log.flush(events::add, 1_002);
        assertThat(events).extracting(TraceEvent::event).containsExactly("Drop", "Drop");
        assertThat(events.get(0).time()).isEqualTo(1_000);
        assertThat(events.get(0).params()).containsEntry("reason", "rate_limited").containsEntry("from", "203.0.113.66:666")
                .doesNotContainKeys("kind", "detail");
        assertThat(events.get(1).params()).containsEntry("kind", "REGISTER").containsEntry("detail", "forbidden_tlv");
    }

    @Test
    void beyondTheBudgetDropsAreCountedAndSummedOnceTheirSecondIsOver() {
        for (int i = 0; i < 10; i++) {
            log.dropped(5_000 + i, i % 2 == 0 ? RATE : CHECKSUM, FLOODER);
            log.flush(events::add, 5_000 + i);
        }
        assertThat(events).extracting(TraceEvent::event).containsExactly("Drop", "Drop", "Drop");
        log.flush(events::add, 5_999);
        assertThat(events).as("no summary while the second lasts").hasSize(3);
        log.flush(events::add, 6_000);
        TraceEvent summary = events.get(3);
        assertThat(summary.event()).isEqualTo("DropsUnlogged");
        assertThat(summary.params()).containsEntry("count", 7L).containsEntry("since", 5_003L)
                .containsEntry("reasons", "{bad_checksum=4, rate_limited=3}");
        log.flush(events::add, 9_000);
        assertThat(events).as("a summary is written once").hasSize(4);
        log.dropped(9_001, RATE, FLOODER);
        log.flush(events::add, 9_001);
        assertThat(events).as("a new second, a new budget").hasSize(5);
    }

    /** However drops and flushes interleave, every drop shows once: traced alone or counted in one summary. */
    @Property(tries = 500)
    void everyDropIsTracedOrSummedExactlyOnceAndNoSecondTracesMoreThanTwoBudgets(
            @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 400) Integer> gaps,
            @ForAll @IntRange(min = 0, max = 5) int perSecond) {
        DropLog drops = new DropLog(new Tracer("server", state -> { }), perSecond);
        List<TraceEvent> out = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < gaps.size(); i++) {
            now += gaps.get(i);
            drops.dropped(now, RATE, FLOODER);
            if (i % 3 != 0) {
                // not every drop is followed by a flush: a rate limit asked by another role has none
                drops.flush(out::add, now);
            }
        }
        drops.flush(out::add, now + DropLog.WINDOW_MILLIS);
        long traced = out.stream().filter(e -> e.event().equals("Drop")).count();
        long summed = out.stream().filter(e -> e.event().equals("DropsUnlogged"))
                .mapToLong(e -> (Long) e.params().get("count")).sum();
        assertThat(traced + summed).isEqualTo(gaps.size());
        List<Long> times = out.stream().filter(e -> e.event().equals("Drop")).map(TraceEvent::time).toList();
        for (long start : times) {
            long inSecond = times.stream().filter(t -> t >= start && t < start + DropLog.WINDOW_MILLIS).count();
            assertThat(inSecond).isLessThanOrEqualTo(2L * perSecond);
        }
    }
}
