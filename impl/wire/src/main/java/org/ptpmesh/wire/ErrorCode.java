package org.ptpmesh.wire;

/** ERRCODE values carried by INTRO_ERROR, RELAY_ERROR and CANCEL. */
public enum ErrorCode {
    UNKNOWN_PEER(1, "the TARGET peer id is not registered with this introducer"),
    NOT_REGISTERED(2, "the requester itself is not registered: ping the introducer first"),
    RELAY_QUOTA(3, "the requester used up its relay quota; retry later or connect directly"),
    OBJECT_UNAVAILABLE(4, "the sender does not have (or no longer has) the object"),
    UNKNOWN_TRANSFER(5, "no transfer with this XFERID is known (it may have been forgotten)"),
    INTEGRITY(6, "the assembled object does not match its SHA256"),
    RATE_LIMITED(7, "the sender of the request is over its rate limit, or every slot for it is taken (a FETCH): retry later"),
    GAVE_UP(8, "retries exhausted"),
    UNSAFE_NAME(9, "the object name is outside the safe set of file names; ERRTEXT says why"),
    LEGACY_PEER(10, "the TARGET proved no key, or the requester proved none, and this introducer introduces and relays keyed peers only to keyed peers");

    private final int code;
    private final String meaning;

    ErrorCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    public static ErrorCode fromCode(long code) {
        for (ErrorCode e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return null;
    }
}
