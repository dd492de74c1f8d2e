package org.ptpmesh.conformance.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.scenario.Mesh;
import org.ptpmesh.trace.TraceEvent;

/**
 * The application data of a connecting pair in the connect replay: A's messages, sent on the
 * relay from the first one and on the direct path once it is confirmed, and B's deliveries, in
 * order and exactly once across the switch. The lossy pairs' matches are
 * {@link LossyTraceValidationTest}'s; here a receiver that delivers a message that arrived early
 * at once, before the one it waits for, is rejected at that delivery.
 */
class ConnectDataTraceValidationTest {

    /** As in {@link LossyTraceValidationTest}: the control packets a 10% run may lose while the pair connects. */
    private static final int CONNECT_MAX_LOSS = 4;

    @TempDir
    static Path work;

    @Test
    void thePairsDataIsReplayedMessageByMessage() throws Exception {
        Path trace = work.resolve("easy-easy.ndjson");
        PairScenario.write(trace, "EASY", "EASY", 0, false, 1);
        TraceLog log = TraceLog.read(trace);

        MappedTrace mapped = new ConnectMapping(false, 0).map(log).get(0);

        List<TraceEvent> replayed = mapped.sources().stream().map(log.events()::get).toList();
        assertThat(replayed).filteredOn(e -> e.event().equals("SendData")).hasSize(40)
                .extracting(e -> e.params().get("path")).contains("RELAY", "DIRECT");
        assertThat(replayed).filteredOn(e -> e.event().equals("ReceiveData"))
                .extracting(e -> ((Number) e.params().get("seq")).longValue())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
        assertThat(mapped.constants()).containsEntry("MSGS", "40").containsEntry("DataLogged", "TRUE");
    }

    @Test
    void aReceiverThatDeliversAnEarlyMessageAtOnceIsRejectedAtThatDelivery() throws Exception {
        Path source = TraceReplays.specDir().toAbsolutePath().getParent()
                .resolve("impl/core/src/main/java/org/ptpmesh/peer/DataChannel.java");
        ClassLoader mutant = MutantLoader.mutate(source, "early.firstKey() == delivered + 1",
                "early.firstKey() > delivered /* mutant: no waiting for a gap */", 1, work.resolve("mutant"),
                List.of(PairScenario.class, Peer.class, Mesh.class));
        Path trace = work.resolve("mutant.ndjson");
        // 10% loss: messages overtake a lost one, which the real receiver holds back
        mutant.loadClass(PairScenario.class.getName())
                .getMethod("write", Path.class, String.class, String.class, double.class, boolean.class, long.class)
                .invoke(null, trace, "EASY", "EASY", 0.1, false, 1L);
        TraceLog log = TraceLog.read(trace);

        List<TraceVerdict> verdicts = TraceReplays.replay(work, log, "mutant",
                new ConnectMapping(false, CONNECT_MAX_LOSS));

        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.decided()).as(v.toString()).isTrue();
            assertThat(v.matched()).isFalse();
            assertThat(v.assumptionBroken()).as("a core bug, not the network").isFalse();
            TraceEvent unmatched = log.events().get(v.firstUnmatched());
            assertThat(unmatched.node()).isEqualTo("peer-b");
            assertThat(unmatched.event()).isEqualTo("ReceiveData");
            // B delivered every message before it in order, and this one skips at least one
            long before = log.events().subList(0, v.firstUnmatched()).stream()
                    .filter(e -> e.node().equals("peer-b") && e.event().equals("ReceiveData")).count();
            assertThat(((Number) unmatched.params().get("seq")).longValue()).isGreaterThan(before + 1);
        });
    }
}
