package org.ptpmesh.noise;

/** What a completed handshake leaves a party: the cipher state it seals with and the one it opens with. */
public record TransportKeys(CipherState sending, CipherState receiving) {
}
