package org.ptpmesh.dualstack;

import org.ptpmesh.peer.PeerDefaults;

/** Defaults of a {@link DualStackPeer}; the IPv4 half keeps the single peer's {@link PeerDefaults}. */
public final class DualStackDefaults {

    /**
     * The IPv6 half's main port: the one after the IPv4 half's test port, so the two halves never
     * ask for one port (datagrams are told apart by the port they arrive on).
     */
    public static final int IPV6_LOCAL_PORT = PeerDefaults.TEST_PORT + 1;

    /** The IPv6 half's test port. */
    public static final int IPV6_TEST_PORT = IPV6_LOCAL_PORT + 1;

    /**
     * Data retransmissions without an acknowledgement after which the chosen direct path counts as
     * dead, when the other family has a direct path: four (2 s at the default 500 ms) is well past
     * any loss a live path shows in a row, and far sooner than the keepalive rule's minute
     * (docs/peer.md, "IPv6").
     */
    public static final int STALLED_RETRANSMITS = 4;

    private DualStackDefaults() {
    }
}
