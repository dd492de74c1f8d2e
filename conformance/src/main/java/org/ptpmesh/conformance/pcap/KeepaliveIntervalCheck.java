package org.ptpmesh.conformance.pcap;

import java.util.HashMap;
import java.util.Map;
import org.ptpmesh.wire.MessageKind;

/**
 * Keepalives come at the introducer design's pace (docs/protocol.md 6.5): on one directed flow, two
 * consecutive KEEPALIVEs are at most {@code max} apart (or the NAT mapping may expire) and at
 * least {@code min} apart (retries included; anything faster is a flood).
 */
final class KeepaliveIntervalCheck implements FlowCheck {

    private final long minMicros;
    private final long maxMicros;
    private final Map<DirectedFlow, Long> last = new HashMap<>();

    KeepaliveIntervalCheck(long minMillis, long maxMillis) {
        this.minMicros = minMillis * 1000;
        this.maxMicros = maxMillis * 1000;
    }

    @Override
    public void observe(Observed packet, FindingSink sink) {
        if (packet.message().kind() != MessageKind.KEEPALIVE) {
            return;
        }
        DirectedFlow flow = DirectedFlow.of(packet.datagram());
        long now = packet.datagram().timestampMicros();
        Long previous = last.put(flow, now);
        if (previous == null) {
            return;
        }
        long gap = now - previous;
        if (gap > maxMicros) {
            sink.violation(packet.index(), new Finding("keepalive_gap", "KEEPALIVE on " + flow + " " + millis(gap)
                    + " after the previous one (at most " + millis(maxMicros) + ")"));
        } else if (gap < minMicros) {
            sink.violation(packet.index(), new Finding("keepalive_flood", "KEEPALIVE on " + flow + " " + millis(gap)
                    + " after the previous one (at least " + millis(minMicros) + ")"));
        }
    }

    private static String millis(long micros) {
        return micros / 1000 + " ms";
    }
}
