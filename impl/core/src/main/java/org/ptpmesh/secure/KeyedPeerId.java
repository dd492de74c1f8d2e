package org.ptpmesh.secure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.ptpmesh.transfer.Sha256;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * The peer id of a public key: the first 16 bytes of SHA-256 over a label and the key.
 *
 * <p>Why 16 bytes are enough: to use an honest peer's id, an attacker needs a key of its own with
 * that id, a second preimage of 128 bits (some 2^128 hashes, each after an X25519 key
 * generation). Two keys of its own with one id (a collision, about 2^64 work) take no honest
 * peer's id; whoever binds an id to a key (the handshake, then the introducer) compares the
 * whole key, so such twins are two claims on one id, the second refused. The label keeps this
 * hash of a key apart from any other hash of it.
 */
public final class KeyedPeerId {

    /** Domain separation: the version names the derivation, so a later one gives other ids. */
    static final byte[] LABEL = "ptpmesh peer id v1".getBytes(StandardCharsets.US_ASCII);

    private KeyedPeerId() {
    }

    public static PeerId of(byte[] publicKey) {
        MessageDigest sha = Sha256.digest();
        sha.update(LABEL);
        sha.update(publicKey);
        return PeerId.of(Arrays.copyOf(sha.digest(), TlvTypes.PEER_ID_LENGTH));
    }
}
