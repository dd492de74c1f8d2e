package org.ptpmesh.conformance.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.ptpmesh.trace.NdjsonTraceWriter;
import org.ptpmesh.trace.TraceEvent;

class TraceMergeTest {

    private static final long T0 = 1_765_000_000_000L;

    @Test
    void ordersByTimeAndAtEqualTimesTakesTheFileGivenFirst() {
        TraceLog server = log("server.ndjson", event("srv/server", 10), event("srv/server", 20));
        TraceLog client = log("client.ndjson", event("c1/natcheck", 5), event("c1/natcheck", 20), event("c1/natcheck", 30));

        TraceLog merged = TraceMerge.merge(List.of(server, client));

        assertThat(merged.events()).extracting(e -> e.node() + "@" + (e.time() - T0)).containsExactly(
                "c1/natcheck@5", "srv/server@10", "srv/server@20", "c1/natcheck@20", "c1/natcheck@30");
        assertThat(merged.origin(1)).isEqualTo(new TraceLog.Origin("server.ndjson", 1));
        assertThat(merged.origin(3)).isEqualTo(new TraceLog.Origin("client.ndjson", 2));
        assertThat(merged.line(0)).contains("\"node\":\"c1/natcheck\"");
        assertThat(merged.name()).isEqualTo("server.ndjson, client.ndjson");
    }

    @Test
    void aFileWhoseClockSteppedBackKeepsItsOwnOrder() {
        TraceLog stepped = log("a.ndjson", event("a/p", 50), event("a/p", 10));
        TraceLog other = log("b.ndjson", event("b/p", 20));

        TraceLog merged = TraceMerge.merge(List.of(stepped, other));

        assertThat(merged.events()).extracting(e -> e.node() + "@" + (e.time() - T0))
                .containsExactly("b/p@20", "a/p@50", "a/p@10");
    }

    @Test
    void oneFileIsReplayedAsItIsWhateverItsClock() {
        TraceLog simulated = log("sim.ndjson", new TraceEvent("Init", "a", 0, Map.of(), Map.of()));
        assertThat(TraceMerge.merge(List.of(simulated))).isSameAs(simulated);
    }

    @Test
    void refusesAFileInRelativeTimeAmongSeveral() {
        TraceLog simulated = log("sim.ndjson", new TraceEvent("Init", "a", 120_000, Map.of(), Map.of()));
        TraceLog real = log("real.ndjson", event("b/p", 0));

        assertThatThrownBy(() -> TraceMerge.merge(List.of(real, simulated))).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("sim.ndjson:1: time 120000 is not Unix epoch milliseconds")
                .hasMessageContaining("replay that file alone");
    }

    @Test
    void refusesANodeInTwoFiles() {
        TraceLog first = log("one.ndjson", event("natcheck", 0));
        TraceLog second = log("two.ndjson", event("other", 1), event("natcheck", 2));

        assertThatThrownBy(() -> TraceMerge.merge(List.of(first, second))).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("node 'natcheck' is in both one.ndjson and two.ndjson")
                .hasMessageContaining("--trace-node");
    }

    /** Whatever the files' times, the merge holds every event once, keeps each file's order, and is sorted where they are. */
    @Property(tries = 200)
    void keepsEveryFilesOrderAndSortsSortedFiles(@ForAll @Size(min = 2, max = 4) List<@Size(max = 12) List<@IntRange(max = 40) Integer>> times,
                                                  @ForAll boolean sortEachFile) {
        List<TraceLog> logs = new ArrayList<>();
        for (int f = 0; f < times.size(); f++) {
            List<Integer> own = new ArrayList<>(times.get(f));
            if (sortEachFile) {
                own.sort(null);
            }
            List<TraceEvent> events = new ArrayList<>();
            for (int k = 0; k < own.size(); k++) {
                events.add(new TraceEvent("Step" + k, "f" + f, T0 + own.get(k), Map.of(), Map.of()));
            }
            if (events.isEmpty()) {
                events.add(new TraceEvent("Only", "f" + f, T0, Map.of(), Map.of()));
            }
            logs.add(log("f" + f + ".ndjson", events.toArray(TraceEvent[]::new)));
        }

        TraceLog merged = TraceMerge.merge(logs);

        assertThat(merged.events()).hasSize(logs.stream().mapToInt(l -> l.events().size()).sum());
        for (int f = 0; f < logs.size(); f++) {
            List<TraceEvent> ofFile = new ArrayList<>();
            for (int k : merged.indexesOf("f" + f)) {
                ofFile.add(merged.events().get(k));
                assertThat(merged.origin(k).file()).isEqualTo("f" + f + ".ndjson");
            }
            assertThat(ofFile).containsExactlyElementsOf(logs.get(f).events());
        }
        if (sortEachFile) {
            assertThat(merged.events()).extracting(TraceEvent::time).isSorted();
        }
    }

    private static TraceEvent event(String node, long millisAfterT0) {
        return new TraceEvent("KeepAliveTick", node, T0 + millisAfterT0, Map.of(), Map.of());
    }

    private static TraceLog log(String name, TraceEvent... events) {
        List<String> lines = List.of(events).stream().map(NdjsonTraceWriter::toLine).toList();
        return new TraceLog(name, List.of(events), lines);
    }
}
