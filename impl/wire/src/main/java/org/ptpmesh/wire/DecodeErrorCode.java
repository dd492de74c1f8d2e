package org.ptpmesh.wire;

/** Why a datagram was refused. The wire names appear in JSON output and in drop counters. */
public enum DecodeErrorCode {
    /** Fewer than 3 bytes: no room for a version byte and a checksum. */
    TOO_SHORT("too_short"),
    /** More than {@link Datagram#MAX_SIZE} bytes. */
    OVERSIZE("oversize"),
    /** The version byte is not {@link Datagram#VERSION}. */
    UNSUPPORTED_VERSION("unsupported_version"),
    /** The RFC 1071 checksum does not match. */
    BAD_CHECKSUM("bad_checksum"),
    /** One byte left before the checksum: a TLV header needs two. */
    TRUNCATED_TLV_HEADER("truncated_tlv_header"),
    /** A TLV length byte is 0 or 1, less than its own header. */
    LENGTH_BELOW_HEADER("length_below_header"),
    /** A TLV's length runs past the last TLV byte (into or beyond the checksum). */
    TLV_OVERRUN("tlv_overrun"),
    /** An integer TLV whose value is not 1, 2, 4 or 8 bytes. */
    BAD_INT_WIDTH("bad_int_width"),
    /** An address TLV whose value is not 6 or 18 bytes. */
    BAD_ADDRESS_LENGTH("bad_address_length"),
    /** A fixed- or bounded-length value (UUID, SHA256, META...) of a length its type forbids. */
    BAD_LENGTH("bad_length"),
    /** A text value that is not UTF-8. */
    INVALID_TEXT("invalid_text"),
    /** A JSON value that does not parse. */
    INVALID_JSON("invalid_json"),
    /** A BSON value that does not parse as exactly one document. */
    INVALID_BSON("invalid_bson");

    private final String wireName;

    DecodeErrorCode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
