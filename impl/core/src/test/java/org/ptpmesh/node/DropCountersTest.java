package org.ptpmesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DropCountersTest {

    @Test
    void countsByReasonAndSnapshotsSortedByReason() {
        DropCounters drops = new DropCounters();
        drops.count("rate_limited");
        drops.count("bad_checksum", 3);
        drops.count("rate_limited");
        assertThat(drops.get("rate_limited")).isEqualTo(2);
        assertThat(drops.get("never")).isZero();
        assertThat(drops.total()).isEqualTo(5);
        assertThat(new ArrayList<>(drops.snapshot().keySet())).containsExactly("bad_checksum", "rate_limited");
    }

    @Test
    void aSnapshotIsACopyThatLaterCountsDoNotChange() {
        DropCounters drops = new DropCounters();
        drops.count("a");
        var before = drops.snapshot();
        drops.count("a");
        drops.count("b");
        assertThat(before).containsExactlyEntriesOf(java.util.Map.of("a", 1L));
    }

    @Test
    void readersOnOtherThreadsSeeEveryCountOnceTheWriterIsDone() throws Exception {
        DropCounters drops = new DropCounters();
        List<Long> seen = new ArrayList<>();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 200_000; i++) {
                drops.count(i % 2 == 0 ? "even" : "odd");
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
}
