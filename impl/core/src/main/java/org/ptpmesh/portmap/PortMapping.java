package org.ptpmesh.portmap;

import java.net.InetAddress;
import org.ptpmesh.wire.Endpoint;

/**
 * A port the gateway forwards to ours: datagrams to {@code externalAddress:externalPort} reach
 * this peer's {@code internalPort} from anyone, until {@code expiresAt} unless renewed.
 */
public record PortMapping(MappingProtocol protocol, InetAddress externalAddress, int externalPort, int internalPort,
        long grantedAt, long lifetimeSeconds) {

    public long expiresAt() {
        return grantedAt + lifetimeSeconds * 1000;
    }

    /** Half the lifetime, as RFC 6886 section 3.3 and RFC 6887 section 11.2.1 advise, but not sooner than a second. */
    public long renewAt() {
        return grantedAt + Math.max(1_000, lifetimeSeconds * 500);
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
