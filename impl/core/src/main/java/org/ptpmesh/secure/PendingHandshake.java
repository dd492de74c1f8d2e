package org.ptpmesh.secure;

import org.ptpmesh.noise.HandshakeState;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * An XX handshake this node answered and whose HANDSHAKE_FINISH it waits for: kept at most
 * {@link SecureLimits#handshakeMillis()}.
 *
 * @param claimedId the id the init's UUID claimed, to be checked against the key FINISH reveals
 */
record PendingHandshake(long localIndex, long peerIndex, PeerId claimedId, HandshakeState state, int localPort, Endpoint from,
                        long startedAt) {
}
