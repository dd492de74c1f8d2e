package org.ptpmesh.portmap;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Where to ask for a port mapping: the default gateway, and our own address on its link (PCP
 * names it in every request). The driver finds both (the core never reads routing tables).
 */
public record PortMapGateway(InetAddress gateway, InetAddress via) {

    public PortMapGateway {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(via, "via");
    }
}
