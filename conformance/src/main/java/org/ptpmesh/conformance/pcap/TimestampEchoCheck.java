package org.ptpmesh.conformance.pcap;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.ptpmesh.wire.TlvTypes;

/**
 * Every YOURTS echoes a MYTS (docs/protocol.md 6.1: "whoever receives MYTS answers at once with
 * YOURTS = that value, unchanged"): a YOURTS sent from A to B must equal a MYTS that B sent to A
 * earlier in the capture. An echo older than every MYTS captured from B is only noted: the
 * capture may have started after that MYTS went out.
 */
final class TimestampEchoCheck implements FlowCheck {

    /** MYTS values sent on each directed flow, ordered as unsigned numbers. */
    private final Map<DirectedFlow, TreeSet<Long>> sent = new HashMap<>();

    @Override
    public void observe(Observed packet, FindingSink sink) {
        DirectedFlow flow = DirectedFlow.of(packet.datagram());
        OptionalLong yourts = packet.message().uint(TlvTypes.YOURTS);
        if (yourts.isPresent()) {
            judge(packet.index(), flow, yourts.getAsLong(), sink);
        }
        OptionalLong myts = packet.message().uint(TlvTypes.MYTS);
        if (myts.isPresent()) {
            sent.computeIfAbsent(flow, f -> new TreeSet<>(Long::compareUnsigned)).add(myts.getAsLong());
        }
    }

    private void judge(int index, DirectedFlow flow, long yourts, FindingSink sink) {
        TreeSet<Long> theirs = sent.get(flow.reverse());
        if (theirs != null && theirs.contains(yourts)) {
            return;
        }
        if (theirs == null || Long.compareUnsigned(yourts, theirs.first()) < 0) {
            sink.note(index, "YOURTS " + hex(yourts) + " predates every MYTS captured from " + flow.to()
                    + " (the capture may have started later): not judged");
            return;
        }
        sink.violation(index, new Finding("yourts_not_echoed", "YOURTS " + hex(yourts) + " equals no MYTS that "
                + flow.to() + " sent to " + flow.from() + " earlier in the capture"));
    }

    private static String hex(long v) {
        return String.format("0x%016x", v);
    }
}
