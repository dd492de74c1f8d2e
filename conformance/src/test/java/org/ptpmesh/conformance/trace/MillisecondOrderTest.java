package org.ptpmesh.conformance.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ptpmesh.trace.TraceEvent;

class MillisecondOrderTest {

    /**
     * The lab pair's trace that a CI run rejected: a's receipt of b's punch came before b's punch
     * round in the merged file, both in one millisecond. The round goes first, and each node's
     * own steps keep their order.
     */
    @Test
    void withinOneMillisecondTheOtherPeersPunchRoundGoesBeforeItsReceipt() {
        List<TraceEvent> merged = List.of(
                event("PunchTimer", "a/a", 764),
                event("ReceivePunch", "a/a", 765),
                event("PathConfirmed", "a/a", 765),
                event("PunchTimer", "b/b", 765),
                event("ReceivePunch", "b/b", 767));

        assertThat(MillisecondOrder.sendsFirst(merged, e -> e.event().equals("PunchTimer"))).containsExactly(0, 3, 1, 2, 4);
    }

    @Test
    void aSendBehindItsOwnNodesEarlierStepOfTheMillisecondWaitsForIt() {
        List<TraceEvent> merged = List.of(
                event("ReceivePunch", "a/a", 5),
                event("ReceiveIntro", "b/b", 5),
                event("PunchTimer", "b/b", 5));

        assertThat(MillisecondOrder.sendsFirst(merged, e -> e.event().equals("PunchTimer"))).containsExactly(0, 1, 2);
    }

    private static TraceEvent event(String name, String node, long time) {
        return new TraceEvent(name, node, time, Map.of(), Map.of());
    }
}
