package org.ptpmesh.secure;

import org.ptpmesh.wire.PeerId;

/**
 * Where a node tells the keys of its sessions, for debugging only (docs/protocol.md 6.9, "Key
 * log"): the driver writes each as a {@code PTPMESH_SEAL} line to the file {@code
 * PTPMESH_KEYLOG} names, so captures can be opened. The core never writes files itself.
 */
public interface KeyLog {

    /** {@code key} seals every datagram {@code sender} sends to the session the addressee numbered {@code peerSession}. */
    void sealKey(PeerId sender, long peerSession, byte[] key);

    /** Logs nothing: the default, and what a node without {@code PTPMESH_KEYLOG} uses. */
    KeyLog NONE = (sender, peerSession, key) -> {
    };
}
