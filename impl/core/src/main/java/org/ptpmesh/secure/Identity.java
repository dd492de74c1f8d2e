package org.ptpmesh.secure;

import org.ptpmesh.noise.DhKeyPair;
import org.ptpmesh.wire.PeerId;

/** A node's long-term X25519 key pair, and the peer id it gives. */
public record Identity(DhKeyPair keys) {

    public PeerId peerId() {
        return KeyedPeerId.of(keys.publicKey());
    }
}
