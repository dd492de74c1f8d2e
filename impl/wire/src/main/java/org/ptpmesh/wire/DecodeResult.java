package org.ptpmesh.wire;

/** What decoding a datagram gives: a message, or the first reason it was refused. */
public sealed interface DecodeResult {

    /** A well-formed datagram; unknown TLV types are inside the message as opaque TLVs. */
    record Decoded(Message message, int length) implements DecodeResult {
    }

    record Malformed(DecodeError error, int length) implements DecodeResult {
    }
}
