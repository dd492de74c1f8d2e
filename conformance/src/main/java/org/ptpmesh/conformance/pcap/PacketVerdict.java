package org.ptpmesh.conformance.pcap;

import java.util.List;
import org.ptpmesh.wire.Endpoint;

/**
 * The verdict on one captured ptpmesh datagram: where it is in the capture, who sent it to whom,
 * the message kind (null when it did not decode or has no known kind), what it breaks, and notes
 * that are not violations (e.g. an echo whose timestamp predates the capture). A SEALED datagram
 * a key log opened also has its inner datagram's verdict, {@code opened}; what the inner datagram
 * breaks is among {@code violations} too, so the datagram is valid only if both are.
 */
public record PacketVerdict(long frame, long timestampMicros, Endpoint source, Endpoint destination, int length,
                            String kind, List<Finding> violations, List<String> notes, Inner opened) {

    /** The inner datagram of an opened SEALED datagram: its kind (null if none), length, violations and notes. */
    public record Inner(String kind, int length, List<Finding> violations, List<String> notes) {
        public Inner {
            violations = List.copyOf(violations);
            notes = List.copyOf(notes);
        }

        public boolean valid() {
            return violations.isEmpty();
        }
    }

    public PacketVerdict {
        violations = List.copyOf(violations);
        notes = List.copyOf(notes);
    }

    public boolean valid() {
        return violations.isEmpty();
    }

    /** The violations as one line, or "ok". */
    public String reason() {
        if (violations.isEmpty()) {
            return "ok";
        }
        return String.join("; ", violations.stream().map(Finding::toString).toList());
    }
}
