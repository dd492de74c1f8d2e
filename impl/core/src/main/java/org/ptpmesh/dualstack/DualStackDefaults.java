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

    private DualStackDefaults() {
    }
}
