package org.ptpmesh.wire;

/** Why an encoder refused to build a datagram. */
public enum EncodeErrorCode {
    /** The datagram would exceed {@link Datagram#MAX_SIZE} bytes. */
    OVERSIZE("oversize"),
    /** A value longer than a TLV can carry (253 bytes) or than its type allows. */
    BAD_LENGTH("bad_length"),
    /** An integer width other than 1, 2, 4 or 8. */
    BAD_WIDTH("bad_width"),
    /** An integer that does not fit the requested width. */
    OUT_OF_RANGE("out_of_range"),
    /** A value of the wrong kind for its registered type (an address for an integer type...). */
    WRONG_KIND("wrong_kind"),
    /** A value that its kind cannot carry (invalid JSON, text that UTF-8 cannot encode, a type number outside 0-255...). */
    INVALID_VALUE("invalid_value");

    private final String wireName;

    EncodeErrorCode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
