package org.ptpmesh.lab;

import java.net.InetAddress;
import java.util.Optional;

/**
 * A host of the lab: its own namespace with one interface ({@code eth0}), either linked to the
 * internet router (a public host: introducers, Static peers) or on the LAN behind a NAT.
 *
 * @param address  its IPv4 address
 * @param address6 its global IPv6 address, null where it has none (behind a NAT kind without IPv6)
 * @param nat      the NAT it sits behind, null for a public host
 */
public record LabHost(String name, Netns netns, InetAddress address, InetAddress address6, NftablesNatRouter nat) {

    public static final String INTERFACE = "eth0";

    public boolean isPublic() {
        return nat == null;
    }

    /** Its global IPv6 address: every public host has one, and so does every host behind a kind with IPv6. */
    public Optional<InetAddress> ipv6() {
        return Optional.ofNullable(address6);
    }
}
