package org.ptpmesh.nat;

/** What the introducer design calls a peer's Nat, with the code the NAT TLVs carry. */
public enum NatType {
    /** Not classified yet (or classification was lost: then it runs again). */
    UNKNOWN(0),
    /** The same public port whatever the destination: the far side can aim at it. */
    EASY(1),
    /** A different public port per destination: only the birthday strategy finds it. */
    HARD(2),
    /** No NAT and no filtering: anyone can reach the peer. */
    STATIC(3);

    private final int code;

    NatType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static NatType fromCode(long code) {
        for (NatType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return UNKNOWN;
    }
}
