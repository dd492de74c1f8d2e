package org.ptpmesh.lab;

import java.net.InetAddress;

/**
 * A host of the lab: its own namespace with one interface ({@code eth0}), either linked to the
 * internet router (a public host: introducers, Static peers) or on the LAN behind a NAT.
 *
 * @param nat the NAT it sits behind, null for a public host
 */
public record LabHost(String name, Netns netns, InetAddress address, NftablesNatRouter nat) {

    public static final String INTERFACE = "eth0";

    public boolean isPublic() {
        return nat == null;
    }
}
