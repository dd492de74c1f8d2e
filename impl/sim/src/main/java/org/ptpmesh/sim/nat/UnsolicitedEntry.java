package org.ptpmesh.sim.nat;

import org.ptpmesh.wire.Endpoint;

/**
 * What Linux conntrack remembers of an inbound packet that no mapping let in: the tuple
 * ({@code remote} to {@code publicEndpoint}) stays taken until {@code expiresAt}, so an inside
 * host that now sends to {@code remote} is given a different public port.
 */
public record UnsolicitedEntry(Endpoint remote, Endpoint publicEndpoint, long expiresAt) {
}
