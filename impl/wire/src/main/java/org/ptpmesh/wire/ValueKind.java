package org.ptpmesh.wire;

/** How a TLV value is encoded. The registry assigns one kind to every known type. */
public enum ValueKind {
    /** Big-endian unsigned integer of 1, 2, 4 or 8 bytes; the width is the value length. */
    UINT("uint"),
    /** Big-endian two's-complement integer of 1, 2, 4 or 8 bytes. */
    INT("int"),
    /** IPv4 address + port (6 bytes) or IPv6 address + port (18 bytes); no family byte. */
    ADDRESS("address"),
    /** Raw bytes. */
    BYTES("bytes"),
    /** UTF-8 text. */
    TEXT("text"),
    /** A JSON document in ASCII (META). */
    JSON("json"),
    /** A BSON document. */
    BSON("bson"),
    /** A type this implementation does not know: kept as opaque bytes and skipped. */
    UNKNOWN("unknown");

    private final String jsonName;

    ValueKind(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in the JSON form of a datagram ({@code ptpmesh wire decode}). */
    public String jsonName() {
        return jsonName;
    }

    public static ValueKind fromJsonName(String name) {
        for (ValueKind k : values()) {
            if (k.jsonName.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kind '" + name + "'");
    }
}
