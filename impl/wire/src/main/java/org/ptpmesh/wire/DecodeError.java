package org.ptpmesh.wire;

/**
 * A refused datagram: what is wrong, the byte offset (from the start of the datagram) where
 * it was found, and a sentence a person can act on.
 */
public record DecodeError(DecodeErrorCode code, int offset, String detail) {

    @Override
    public String toString() {
        return code.wireName() + " at offset " + offset + ": " + detail;
    }
}
