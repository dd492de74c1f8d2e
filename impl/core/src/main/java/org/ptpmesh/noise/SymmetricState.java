package org.ptpmesh.noise;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.ptpmesh.transfer.Sha256;

/**
 * The Noise spec's SymmetricState (section 5.2): the chaining key, the handshake hash and the
 * cipher state they key, for SHA-256.
 */
final class SymmetricState {

    private byte[] chainingKey;
    private byte[] hash;
    private final CipherState cipher;

    private SymmetricState(byte[] chainingKey, byte[] hash, CipherState cipher) {
        this.chainingKey = chainingKey;
        this.hash = hash;
        this.cipher = cipher;
    }

    /** The state of a protocol name: the name zero-padded to 32 bytes, or its hash when longer. */
    static SymmetricState initialize(String protocolName) {
        byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
        byte[] h = name.length <= NoiseLimits.HASH_LENGTH ? Arrays.copyOf(name, NoiseLimits.HASH_LENGTH) : Sha256.of(name);
        return new SymmetricState(h.clone(), h, new CipherState());
    }

    /** An independent copy: a handshake reads a message into a copy and keeps it only if the whole message was good. */
    SymmetricState copy() {
        return new SymmetricState(chainingKey.clone(), hash.clone(), cipher.copy());
    }

    void mixKey(byte[] inputKeyMaterial) {
        byte[][] out = Hkdf.twoOutputs(chainingKey, inputKeyMaterial);
        chainingKey = out[0];
        cipher.initializeKey(out[1]);
    }

    void mixHash(byte[] data) {
        MessageDigest sha = Sha256.digest();
        sha.update(hash);
        sha.update(data);
        hash = sha.digest();
    }

    boolean hasKey() {
        return cipher.hasKey();
    }

    byte[] encryptAndHash(byte[] plaintext) throws NoiseException {
        byte[] ciphertext = cipher.encryptWithAd(hash, plaintext);
        mixHash(ciphertext);
        return ciphertext;
    }

    byte[] decryptAndHash(byte[] ciphertext) throws NoiseException {
        byte[] plaintext = cipher.decryptWithAd(hash, ciphertext);
        mixHash(ciphertext);
        return plaintext;
    }

    byte[] handshakeHash() {
        return hash.clone();
    }

    /** The two transport cipher states: initiator to responder, then responder to initiator. */
    CipherState[] split() {
        byte[][] out = Hkdf.twoOutputs(chainingKey, new byte[0]);
        CipherState first = new CipherState();
        first.initializeKey(out[0]);
        CipherState second = new CipherState();
        second.initializeKey(out[1]);
        return new CipherState[] {first, second};
    }
}
