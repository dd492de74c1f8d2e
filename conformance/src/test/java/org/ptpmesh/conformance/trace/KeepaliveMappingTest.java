package org.ptpmesh.conformance.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ptpmesh.trace.NdjsonTraceWriter;
import org.ptpmesh.trace.TraceEvent;

class KeepaliveMappingTest {

    private static TraceEvent e(String event, long time, Object... params) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (int k = 0; k < params.length; k += 2) {
            p.put((String) params[k], params[k + 1]);
        }
        return new TraceEvent(event, "n", time, p, Map.of());
    }

    @Test
    void looksEachKeepaliveStepOfAnIntroducerUpByNameAndLeavesTheRestOut() {
        List<TraceEvent> events = List.of(
                e("Start", 0),
                e("CalculateNat", 0, "reason", "start"),
                e("SendPing", 0, "to", "ia"),                   // NAT check: left out
                e("SendPing", 0, "to", "ib"),
                // answers the NAT check's ping, a tick late (a challenge round trip): no keepalive ping is out yet
                e("ReceivePong", 1040, "from", "ia", "observed", "203.0.113.1:3456"),
                e("KeepAliveTick", 4000, "late", 0),
                e("PeerStateChange", 4000, "peer", "ib", "state", "INACTIVE"),
                e("SendKeepalive", 4000, "peer", "ia"),         // checks the state
                e("SendKeepalive", 4000, "peer", "ib"),
                e("RetryKeepalive", 5000, "peer", "ib", "retry", 1),
                e("ReceivePong", 5020, "from", "ib", "observed", "203.0.113.1:3456"),
                e("PeerStateChange", 5020, "peer", "ib", "state", "ACTIVE"),
                e("ReceiveKeepaliveAck", 5100, "from", "other-peer", "rtt", 4),
                e("ReportNat", 5200, "to", "ia"));
        MappedTrace t = new KeepaliveMapping(1000, 4000, 1000, 5, 2).map(new TraceLog("t", events, lines(events))).get(0);

        assertThat(t.records()).containsExactly(
                "[a |-> \"KeepAliveTick\", p |-> \"\", s |-> \"\", t |-> 4]",
                "[a |-> \"State\", p |-> \"ib\", s |-> \"Inactive\", t |-> 4]",
                "[a |-> \"State\", p |-> \"ia\", s |-> \"Active\", t |-> 4]",
                "[a |-> \"State\", p |-> \"ib\", s |-> \"Inactive\", t |-> 4]",
                "[a |-> \"RetryKeepalive\", p |-> \"ib\", s |-> \"\", t |-> 5]",
                "[a |-> \"ReceiveKeepaliveAck\", p |-> \"ib\", s |-> \"\", t |-> 5]",
                "[a |-> \"State\", p |-> \"ib\", s |-> \"Active\", t |-> 5]");
        assertThat(t.sources()).containsExactly(5, 6, 7, 8, 9, 10, 11);
        assertThat(t.constants()).containsEntry("Peers", "{\"ia\", \"ib\"}").containsEntry("KEEPALIVE", "4")
                .containsEntry("RETRY", "1");
    }

    @Test
    void refusesTimersThatAreNotWholeTicks() {
        assertThatThrownBy(() -> new KeepaliveMapping(1000, 29_500, 2000, 5, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiples of the tick");
    }

    private static List<String> lines(List<TraceEvent> events) {
        return events.stream().map(NdjsonTraceWriter::toLine).toList();
    }
}
