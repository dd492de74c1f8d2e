package org.ptpmesh.transfer;

/** How a transfer ended, as XFERSTATUS carries it in DONE (docs/protocol.md 4). */
public enum Status {
    COMPLETE(0),
    CANCELLED(1),
    GAVE_UP(2),
    INTEGRITY_FAILURE(3);

    private final int code;

    Status(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Status fromCode(long code) {
        for (Status s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return CANCELLED;
    }
}
