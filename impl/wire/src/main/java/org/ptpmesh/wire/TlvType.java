package org.ptpmesh.wire;

/**
 * One entry of the TLV type registry: number, name, value kind, allowed value lengths, the
 * width an encoder uses by default for integers, and a one-line meaning.
 */
public record TlvType(int code, String name, ValueKind kind, LengthRule lengths, int defaultWidth,
                      String description) {

    public Direction direction() {
        return Direction.of(code);
    }
}
