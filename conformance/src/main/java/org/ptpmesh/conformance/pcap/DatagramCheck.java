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
 * A SEALED datagram the key log has a key for is opened ({@link SealedOpening}) and its inner
 * datagram checked the same way.
 */
final class DatagramCheck {

    /**
     * What one datagram gave: its message if it decoded, its kind's name, its violations; for a
     * SEALED datagram the key log opened, the outcome of the inner datagram and its length.
     */
    record Outcome(Message message, String kind, List<Finding> violations, List<String> notes, Outcome inner, int innerLength) {
        Outcome(Message message, String kind, List<Finding> violations, List<String> notes) {
            this(message, kind, violations, notes, null, 0);
        }

        /** The message the flow checks see: the inner one of an opened SEALED datagram, which is what its sender said. */
        Message observed() {
            return inner != null && inner.message() != null ? inner.message() : message;
        }
    }

    private DatagramCheck() {
    }

    /** Checks {@code payload}; a SEALED datagram that keeps every rule is opened when {@code keys} has its key, and its inner datagram checked. */
    static Outcome check(byte[] payload, SealKeys keys) {
        Outcome outer = check(payload);
        if (!MessageKind.SEALED.name().equals(outer.kind()) || !outer.violations().isEmpty()) {
            return outer;
        }
        List<Finding> violations = new ArrayList<>(outer.violations());
        List<String> notes = new ArrayList<>(outer.notes());
        SealedOpening.Result opening = SealedOpening.open(payload, outer.message(), keys);
        if (opening instanceof SealedOpening.Refused refused) {
            violations.add(refused.finding());
        } else if (opening instanceof SealedOpening.Opened opened) {
            // one level: a SEALED datagram inside is shown sealed
            Outcome inner = check(opened.inner());
            inner.violations().forEach(f -> violations.add(new Finding(f.code(),
                    "in the sealed " + (inner.kind() == null ? "datagram" : inner.kind()) + ": " + f.detail())));
            return new Outcome(outer.message(), outer.kind(), violations, notes, inner, opened.inner().length);
        } else {
            notes.add("sealed: no key for its UUID and PEERSESSION in the key log");
        }
        return new Outcome(outer.message(), outer.kind(), violations, notes);
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
