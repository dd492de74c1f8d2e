package org.ptpmesh.portmap;

import java.net.InetAddress;
import org.ptpmesh.wire.Endpoint;

/**
 * A port the gateway forwards to ours: datagrams to {@code externalAddress:externalPort} reach
 * this peer's {@code internalPort} from anyone, until {@code expiresAt} unless renewed. A lifetime
 * of 0 is UPnP's permanent lease: the mapping lasts until it is deleted.
 */
public record PortMapping(MappingProtocol protocol, InetAddress externalAddress, int externalPort, int internalPort,
        long grantedAt, long lifetimeSeconds) {

    public long expiresAt() {
        return permanent() ? Long.MAX_VALUE : grantedAt + lifetimeSeconds * 1000;
    }

    /**
     * Half the lifetime, as RFC 6886 section 3.3, RFC 6887 section 11.2.1 and the UPnP IGD
     * practice advise, but not sooner than a second; never for a permanent mapping.
     */
    public long renewAt() {
        return permanent() ? Long.MAX_VALUE : grantedAt + Math.max(1_000, lifetimeSeconds * 500);
    }

    /** A UPnP mapping granted with lease 0: it does not expire, and is still deleted at stop. */
    public boolean permanent() {
        return protocol == MappingProtocol.UPNP && lifetimeSeconds == 0;
    }

    /** Where others reach it: the MAPPEDADDR a peer or a mesh client announces. */
    public Endpoint externalEndpoint() {
        return new Endpoint(externalAddress, externalPort);
    }

    /** {@code address:port} as others reach it, e.g. {@code 198.51.100.7:40001}. */
    public String external() {
        return externalAddress.getHostAddress() + ":" + externalPort;
    }
}
