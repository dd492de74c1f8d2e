package org.ptpmesh.noise;

import java.util.HexFormat;

/** An X25519 key pair: 32 raw private-key bytes and the public key they give. */
public final class DhKeyPair {

    private final byte[] privateKey;
    private final byte[] publicKey;

    private DhKeyPair(byte[] privateKey, byte[] publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** The pair of {@code privateKey} (32 bytes, as RFC 7748 encodes a scalar; X25519 clamps it). */
    public static DhKeyPair fromPrivateKey(byte[] privateKey) {
        if (privateKey.length != NoiseLimits.DH_LENGTH) {
            throw new IllegalArgumentException("an X25519 private key is " + NoiseLimits.DH_LENGTH + " bytes, got " + privateKey.length);
        }
        byte[] own = privateKey.clone();
        return new DhKeyPair(own, X25519.publicKey(own));
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    byte[] privateKey() {
        return privateKey;
    }

    /** The shared secret with {@code remotePublicKey}. */
    byte[] dh(byte[] remotePublicKey) throws NoiseException {
        return X25519.sharedSecret(privateKey, remotePublicKey);
    }

    /** The public key only: a key pair may end up in a log. */
    @Override
    public String toString() {
        return "X25519 key pair, public " + HexFormat.of().formatHex(publicKey);
    }
}
