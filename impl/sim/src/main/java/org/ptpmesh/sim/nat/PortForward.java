package org.ptpmesh.sim.nat;

import org.ptpmesh.wire.Endpoint;

/**
 * A port the router forwards on request (PCP MAP, NAT-PMP): every datagram to {@code externalPort}
 * of the public address goes to {@code inside}, whoever sends it, until {@code expiresAt}.
 */
public record PortForward(Endpoint inside, int externalPort, long expiresAt) {

    public boolean isLive(long now) {
        return now < expiresAt;
    }
}
