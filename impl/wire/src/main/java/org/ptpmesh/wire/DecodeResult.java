package org.ptpmesh.wire;

import java.util.List;

/** What decoding a datagram gives: a message and the receiver rules it breaks, or the first reason it was refused. */
public sealed interface DecodeResult {

    /**
     * A well-formed datagram; unknown TLV types are inside the message as opaque TLVs.
     * {@code violations} are the receiver rules it breaks ({@link ReceiverRules}), empty when it
     * may be acted on.
     */
    record Decoded(Message message, int length, List<ReceiverRules.Violation> violations) implements DecodeResult {
        public Decoded {
            violations = List.copyOf(violations);
        }
    }

    record Malformed(DecodeError error, int length) implements DecodeResult {
    }
}
