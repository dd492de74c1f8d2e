package org.ptpmesh.noise;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/** X25519 (RFC 7748) on raw 32-byte keys, by the JDK's own XDH provider. */
final class X25519 {

    /** The base point's u-coordinate: a public key is X25519(private key, 9). */
    private static final BigInteger BASE_POINT = BigInteger.valueOf(9);

    private X25519() {
    }

    static byte[] publicKey(byte[] privateKey) {
        try {
            return agree(privateKey, BASE_POINT);
        } catch (GeneralSecurityException | IllegalStateException e) {
            // the base point has large order: no clamped scalar gives zero
            throw new IllegalStateException("the Java runtime's X25519 failed on the base point", e);
        }
    }

    /**
     * The shared secret of {@code privateKey} and {@code publicKey}. A public key of small order
     * gives an all-zero secret, which the JDK refuses (RFC 7748, section 6.1): a typed refusal
     * here, since the key came off the network.
     */
    static byte[] sharedSecret(byte[] privateKey, byte[] publicKey) throws NoiseException {
        if (publicKey.length != NoiseLimits.DH_LENGTH) {
            throw new NoiseException(NoiseException.Reason.BAD_PUBLIC_KEY, "an X25519 public key is 32 bytes, got " + publicKey.length);
        }
        try {
            return agree(privateKey, decodeU(publicKey));
        } catch (GeneralSecurityException | IllegalStateException e) {
            throw new NoiseException(NoiseException.Reason.BAD_PUBLIC_KEY, "X25519 refused the public key: " + e.getMessage());
        }
    }

    private static byte[] agree(byte[] privateKey, BigInteger u) throws GeneralSecurityException {
        KeyFactory keys = KeyFactory.getInstance("XDH");
        PrivateKey ours = keys.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, privateKey));
        PublicKey theirs = keys.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u));
        KeyAgreement agreement = KeyAgreement.getInstance("XDH");
        agreement.init(ours);
        agreement.doPhase(theirs, true);
        return agreement.generateSecret();
    }

    /** RFC 7748's decodeUCoordinate: little-endian, the top bit masked. */
    private static BigInteger decodeU(byte[] encoded) {
        byte[] bigEndian = new byte[encoded.length];
        for (int i = 0; i < encoded.length; i++) {
            bigEndian[i] = encoded[encoded.length - 1 - i];
        }
        bigEndian[0] &= 0x7f;
        return new BigInteger(1, bigEndian);
    }
}
