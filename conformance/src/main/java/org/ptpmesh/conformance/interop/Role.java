package org.ptpmesh.conformance.interop;

/** The roles of a case. Peer-a is played by the implementation under test, the others by its counterpart. */
public enum Role {
    INTRODUCER("introducer"),
    PEER_A("peer-a"),
    PEER_B("peer-b");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    /** As in PTP_ROLE. */
    public String wireName() {
        return wireName;
    }
}
