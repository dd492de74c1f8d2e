package org.ptpmesh.conformance.pcap;

import java.util.ArrayList;
import java.util.List;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.DecodeResult;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.ReceiverRules;

/**
 * The checks on one datagram alone, all by the reference codec: structure, checksum, size and
 * value kinds (a decode error), then the receiver rules of its message kind
 * ({@link ReceiverRules}: required, forbidden and repeated TLVs, client-list counts and paging TLVs).
 */
final class DatagramCheck {

    /** What one datagram gave: its message if it decoded, its kind's name, its violations. */
    record Outcome(Message message, String kind, List<Finding> violations, List<String> notes) {
    }

    private DatagramCheck() {
    }

    static Outcome check(byte[] payload) {
        DecodeResult result = Codec.decode(payload);
        if (result instanceof DecodeResult.Malformed m) {
            Finding f = new Finding(m.error().code().wireName(), "at offset " + m.error().offset() + ": " + m.error().detail());
            return new Outcome(null, null, List.of(f), List.of());
        }
        DecodeResult.Decoded decoded = (DecodeResult.Decoded) result;
        Message message = decoded.message();
        List<Finding> violations = new ArrayList<>();
        for (ReceiverRules.Violation v : decoded.violations()) {
            violations.add(new Finding(v.code().wireName(), v.detail()));
        }
        List<String> notes = new ArrayList<>();
        if (message.unknownCount() > 0) {
            notes.add("skipped " + message.unknownCount() + " TLV(s) of unknown type");
        }
        MessageKind kind = message.kind();
        return new Outcome(message, kind == null ? null : kind.name(), violations, notes);
    }
}
