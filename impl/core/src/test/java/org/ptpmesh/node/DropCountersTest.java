package org.ptpmesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DropCountersTest {

    @Test
    void countsByReasonAndSnapshotsSortedByReason() {
        DropCounters drops = new DropCounters();
        drops.count(reason("rate_limited"));
        drops.count(reason("bad_checksum"), 3);
        drops.count(reason("rate_limited"));
        assertThat(drops.get("rate_limited")).isEqualTo(2);
        assertThat(drops.get("never")).isZero();
        assertThat(drops.total()).isEqualTo(5);
        assertThat(new ArrayList<>(drops.snapshot().keySet())).containsExactly("bad_checksum", "rate_limited");
    }

    @Test
    void aSnapshotIsACopyThatLaterCountsDoNotChange() {
        DropCounters drops = new DropCounters();
        drops.count(reason("a"));
        var before = drops.snapshot();
        drops.count(reason("a"));
        drops.count(reason("b"));
        assertThat(before).containsExactlyEntriesOf(java.util.Map.of("a", 1L));
    }

    @Test
    void readersOnOtherThreadsSeeEveryCountOnceTheWriterIsDone() throws Exception {
        DropCounters drops = new DropCounters();
        List<Long> seen = new ArrayList<>();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 200_000; i++) {
                drops.count(reason(i % 2 == 0 ? "even" : "odd"));
            }
        });
        writer.start();
        while (writer.isAlive()) {
            seen.add(drops.total());
        }
        writer.join();
        // what a reader sees only grows, and ends at the exact count
        assertThat(seen).isSorted();
        assertThat(drops.total()).isEqualTo(200_000);
        assertThat(drops.snapshot()).containsEntry("even", 100_000L).containsEntry("odd", 100_000L);
    }

    /** Counters key by label alone: a reason from any node's enum with this label counts here. */
    private static DropReason reason(String label) {
        return () -> label;
    }
}
