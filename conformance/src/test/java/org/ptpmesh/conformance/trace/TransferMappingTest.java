package org.ptpmesh.conformance.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ptpmesh.trace.TraceEvent;

/** How transfer events become TraceBulkTransfer records, before TLC sees them. */
class TransferMappingTest {

    private static final TransferMapping MAPPING = new TransferMapping(64, 3_000, 1_000);

    private final List<TraceEvent> events = new ArrayList<>();

    private TransferMappingTest receiver(String event, Object... params) {
        return event("receiver", event, params);
    }

    private TransferMappingTest sender(String event, Object... params) {
        return event("sender", event, params);
    }

    private TransferMappingTest event(String node, String event, Object... params) {
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("xfer", 7);
        for (int k = 0; k < params.length; k += 2) {
            p.put((String) params[k], params[k + 1]);
        }
        events.add(new TraceEvent(event, node, events.size(), p, Map.of()));
        return this;
    }

    private List<MappedTrace> map() {
        List<String> lines = events.stream().map(TraceEvent::event).toList();
        return MAPPING.map(new TraceLog("test.ndjson", events, lines));
    }

    /** The records' actions, with the dup flag where it is set and the datagram of a Lose. */
    private static List<String> steps(MappedTrace t) {
        return t.records().stream().map(r -> r.replaceAll("^\\[a \\|-> \"(\\w+)\", b \\|-> (\\d+), msg \\|-> \"(\\w*)\", dup \\|-> (\\w+).*",
                "$1 $2$3 $4")).toList();
    }

    @Test
    void bothEndsAreOneReplayAndASecondCopyIsADuplicateInTheModelsSet() {
        receiver("ReceiveOffer", "blocks", 1).receiver("RequestBlock", "block", 0)
                .sender("ServeBlock", "block", 0).sender("ServeBlock", "block", 0)
                .receiver("ReceiveBlock", "block", 0, "new", true).receiver("ReceiveBlock", "block", 0, "new", false)
                .receiver("Complete").sender("ReceiveDone");

        List<MappedTrace> traces = map();

        assertThat(traces).singleElement().satisfies(t -> {
            assertThat(t.node()).isEqualTo("sender+receiver");
            // the REQUEST was sent once (the first REQUESTs go twice in one datagram each, not in the log)
            // and served twice: the first serve leaves it; the first BLOCK received leaves the second copy
            assertThat(steps(t)).containsExactly("ReceiveOffer 0 FALSE", "RequestBlock 1 FALSE", "ServeBlock 1 TRUE",
                    "ServeBlock 1 FALSE", "ReceiveBlock 1 TRUE", "ReceiveBlock 1 FALSE", "Complete 0 FALSE",
                    "ReceiveDone 0 FALSE");
            assertThat(t.constants()).containsEntry("DUPS", "2").containsEntry("IDLE", "2").containsEntry("WINDOW", "64")
                    .containsEntry("Object", "<<\"b1\">>")
                    // the receiver's two give-up bounds: probes in a row for a dead path, re-requests of one block
                    .containsEntry("PROBES", "12").containsEntry("RETRIES", "64");
            assertThat(t.sources()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        });
    }

    @Test
    void aDatagramNothingReceivesAnyMoreIsLostAfterItWasLastSent() {
        receiver("ReceiveOffer", "blocks", 2).receiver("RequestBlock", "block", 0).receiver("RequestBlock", "block", 1)
                .sender("ServeBlock", "block", 1).receiver("ReceiveBlock", "block", 1, "new", true)
                .receiver("DetectLoss", "block", 0, "retry", 1).sender("ServeBlock", "block", 0);

        MappedTrace t = map().get(0);

        // the first REQUEST for block 0 was lost: the set holds it until the second is served;
        // the BLOCK that answers the second is never received
        assertThat(steps(t)).containsExactly("ReceiveOffer 0 FALSE", "RequestBlock 1 FALSE",
                "RequestBlock 2 FALSE", "ServeBlock 2 FALSE", "ReceiveBlock 2 FALSE", "DetectLoss 1 FALSE",
                "ServeBlock 1 FALSE", "Lose 1BLOCK FALSE");
        assertThat(t.records().get(5)).contains("retry |-> 1");
    }

    @Test
    void aReceiversOwnTraceGetsTheSendersServesUnchecked() {
        receiver("ReceiveOffer", "blocks", 1).receiver("RequestBlock", "block", 0)
                .receiver("ReceiveBlock", "block", 0, "new", true).receiver("Complete");

        MappedTrace t = map().get(0);

        assertThat(t.node()).isEqualTo("receiver");
        assertThat(steps(t)).containsExactly("ReceiveOffer 0 FALSE", "RequestBlock 1 FALSE", "ServeBlock 1 FALSE",
                "ReceiveBlock 1 FALSE", "Complete 0 FALSE", "Lose 0DONE FALSE");
        assertThat(t.records().get(2)).contains("obs |-> FALSE");
        assertThat(t.records().get(3)).contains("obs |-> TRUE");
    }

    @Test
    void aSendersOwnTraceGetsTheReceiversStepsUnchecked() {
        sender("SendOffer", "blocks", 1).sender("ServeBlock", "block", 0).sender("ReceiveDone");

        MappedTrace t = map().get(0);

        assertThat(t.node()).isEqualTo("sender");
        assertThat(steps(t)).containsExactly("ReceiveOffer 0 FALSE", "RequestBlock 1 FALSE", "ServeBlock 1 FALSE",
                "ReceiveBlock 1 FALSE", "Complete 0 FALSE", "ReceiveDone 0 FALSE");
    }

    @Test
    void aTransferWithoutItsBlockCountIsRefused() {
        receiver("ReceiveOffer").receiver("RequestBlock", "block", 0);

        assertThatThrownBy(this::map).isInstanceOf(TraceFormatException.class).hasMessageContaining("params.blocks");
    }

    @Test
    void anIdleTimeoutThatIsNotWholeTicksIsRefused() {
        assertThatThrownBy(() -> new TransferMapping(64, 2_500, 1_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> new TransferMapping(64, 1_000, 1_000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eventsOfPeersAndOffersNobodyAnsweredGiveNoReplay() {
        event("peer", "KeepAliveTick").sender("SendOffer", "blocks", 3);

        assertThat(map()).isEmpty();
    }
}
