package org.ptpmesh.noise;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Noise spec's AESGCM cipher functions (section 12.4) under one AES-256 key: 128-bit tag, and
 * the nonce 32 zero bits followed by the 64-bit counter big-endian.
 *
 * <p>One JDK {@link Cipher} serves every message, initialized again for each nonce: creating a
 * Cipher per message cost a tenth of a sealed transfer's time. The JDK refuses to initialize an
 * encrypting GCM Cipher with the key and nonce it last encrypted under; the callers never seal
 * twice under one nonce, so that refusal would mean a bug and surfaces as an exception. Decrypting
 * has no such check, so the genuine message after a refused one opens under the same nonce.
 * Methods are synchronized because a Cipher holds state between init and doFinal.
 */
final class AesGcm {

    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = NoiseLimits.TAG_LENGTH * Byte.SIZE;

    private final SecretKeySpec key;
    private final Cipher cipher;

    AesGcm(byte[] key) {
        if (key.length != NoiseLimits.KEY_LENGTH) {
            throw new IllegalArgumentException("an AES-256 key is " + NoiseLimits.KEY_LENGTH + " bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Java runtime has no AES/GCM", e);
        }
    }

    /** {@code plaintext} sealed under nonce {@code n} with {@code ad}, the tag appended. */
    byte[] encrypt(long n, byte[] ad, byte[] plaintext) {
        byte[] sealed = new byte[plaintext.length + NoiseLimits.TAG_LENGTH];
        encrypt(n, ad, ad.length, plaintext, plaintext.length, sealed);
        return sealed;
    }

    /**
     * {@code plaintext[0..length)} sealed under nonce {@code n} with {@code ad[0..adLength)}, written
     * with its tag to the start of {@code out}: a sender seals into a buffer it keeps, and the
     * associated data is read where it lies, in the datagram being written.
     *
     * @return the bytes written, {@code length} and the tag
     */
    synchronized int encrypt(long n, byte[] ad, int adLength, byte[] plaintext, int length, byte[] out) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, nonce(n));
            cipher.updateAAD(ad, 0, adLength);
            return cipher.doFinal(plaintext, 0, length, out, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Java runtime's AES/GCM refused to seal under nonce " + Long.toUnsignedString(n), e);
        }
    }

    /** {@code ciphertext} (tag appended) opened as sealed under nonce {@code n} with {@code ad}. */
    byte[] decrypt(long n, byte[] ad, byte[] ciphertext) throws NoiseException {
        return decrypt(n, ad, ad.length, ciphertext, ciphertext.length);
    }

    /** {@code ciphertext[0..length)} (tag appended) opened as sealed under nonce {@code n} with {@code ad[0..adLength)}. */
    synchronized byte[] decrypt(long n, byte[] ad, int adLength, byte[] ciphertext, int length) throws NoiseException {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, nonce(n));
            cipher.updateAAD(ad, 0, adLength);
            return cipher.doFinal(ciphertext, 0, length);
        } catch (AEADBadTagException e) {
            throw new NoiseException(NoiseException.Reason.BAD_TAG, "the message does not authenticate under nonce " + Long.toUnsignedString(n));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Java runtime's AES/GCM failed", e);
        }
    }

    private static GCMParameterSpec nonce(long n) {
        return new GCMParameterSpec(TAG_BITS, ByteBuffer.allocate(NONCE_LENGTH).putInt(0).putLong(n).array());
    }
}
