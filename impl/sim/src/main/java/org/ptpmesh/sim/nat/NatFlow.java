package org.ptpmesh.sim.nat;

import org.ptpmesh.wire.Endpoint;

/**
 * One live translation: packets from {@code inside} to {@code remote} leave as
 * {@code publicEndpoint}, until {@code expiresAt} unless refreshed by more outbound traffic.
 */
public record NatFlow(Endpoint inside, Endpoint publicEndpoint, Endpoint remote, long expiresAt) {
}
