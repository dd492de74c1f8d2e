package org.ptpmesh.wire;

import java.util.List;

/** The receiver rules a message breaks, as a receiver sees them: encoded, then checked on the wire. */
public final class Violations {

    private Violations() {
    }

    public static List<ReceiverRules.Violation> of(Message message) {
        return ((DecodeResult.Decoded) Codec.decode(Codec.encode(message))).violations();
    }

    /** The codes of {@link #of}, for assertions. */
    public static List<RuleViolationCode> codes(Message message) {
        return of(message).stream().map(ReceiverRules.Violation::code).toList();
    }
}
