package org.ptpmesh.noise;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Noise spec's CipherState (section 5.1): a ChaCha20-Poly1305 key, possibly none yet, and the
 * 64-bit nonce of the next message. After a handshake, one seals what a party sends and another
 * opens what it receives, in order.
 */
public final class CipherState {

    private static final int NONCE_LENGTH = 12;

    private byte[] key;
    private long nonce;

    CipherState() {
    }

    CipherState(byte[] key, long nonce) {
        this.key = key.clone();
        this.nonce = nonce;
    }

    CipherState copy() {
        return key == null ? new CipherState() : new CipherState(key, nonce);
    }

    void initializeKey(byte[] newKey) {
        key = newKey.clone();
        nonce = 0;
    }

    boolean hasKey() {
        return key != null;
    }

    /** The nonce of the next message, an unsigned 64-bit count. */
    public long nonce() {
        return nonce;
    }

    /** {@code plaintext} sealed with {@code ad} as associated data; returned as is while there is no key. */
    public byte[] encryptWithAd(byte[] ad, byte[] plaintext) throws NoiseException {
        if (key == null) {
            return plaintext.clone();
        }
        if (plaintext.length > NoiseLimits.MAX_MESSAGE_LENGTH - NoiseLimits.TAG_LENGTH) {
            throw new NoiseException(NoiseException.Reason.MESSAGE_TOO_LONG,
                    plaintext.length + " bytes and a tag exceed " + NoiseLimits.MAX_MESSAGE_LENGTH);
        }
        if (nonce == NoiseLimits.RESERVED_NONCE) {
            throw new NoiseException(NoiseException.Reason.NONCE_EXHAUSTED, "2^64-1 messages sealed under this key");
        }
        byte[] sealed = run(Cipher.ENCRYPT_MODE, ad, plaintext);
        nonce++;
        return sealed;
    }

    /**
     * {@code ciphertext} opened with {@code ad} as associated data; returned as is while there is no
     * key. A refused message leaves the nonce unchanged, so the genuine one still opens.
     */
    public byte[] decryptWithAd(byte[] ad, byte[] ciphertext) throws NoiseException {
        if (key == null) {
            return ciphertext.clone();
        }
        if (ciphertext.length > NoiseLimits.MAX_MESSAGE_LENGTH) {
            throw new NoiseException(NoiseException.Reason.MESSAGE_TOO_LONG,
                    ciphertext.length + " bytes exceed " + NoiseLimits.MAX_MESSAGE_LENGTH);
        }
        if (ciphertext.length < NoiseLimits.TAG_LENGTH) {
            throw new NoiseException(NoiseException.Reason.SHORT_MESSAGE,
                    ciphertext.length + " bytes cannot hold a " + NoiseLimits.TAG_LENGTH + "-byte tag");
        }
        if (nonce == NoiseLimits.RESERVED_NONCE) {
            throw new NoiseException(NoiseException.Reason.NONCE_EXHAUSTED, "2^64-1 messages opened under this key");
        }
        byte[] opened = run(Cipher.DECRYPT_MODE, ad, ciphertext);
        nonce++;
        return opened;
    }

    private byte[] run(int mode, byte[] ad, byte[] input) throws NoiseException {
        return chaChaPoly(mode, key, nonce, ad, input);
    }

    /** The key, for a {@link CounterCipher} built from this state; null while there is none. */
    byte[] key() {
        return key;
    }

    /** ChaCha20-Poly1305 of {@code input} under {@code key} and the spec's nonce for {@code n}. */
    static byte[] chaChaPoly(int mode, byte[] key, long n, byte[] ad, byte[] input) throws NoiseException {
        try {
            // a new Cipher each time: an instance refuses to be initialized again with the key and
            // nonce it last had ("Matching key and nonce from previous initialization"), even to
            // decrypt, and the genuine message after a refused one needs exactly that
            Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
            cipher.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonceBytes(n)));
            cipher.updateAAD(ad);
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new NoiseException(NoiseException.Reason.BAD_TAG, "the message does not authenticate under nonce " + Long.toUnsignedString(n));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Java runtime's ChaCha20-Poly1305 failed", e);
        }
    }

    /** The spec's ChaChaPoly nonce: 32 zero bits, then the 64-bit counter little-endian. */
    private static byte[] nonceBytes(long n) {
        return ByteBuffer.allocate(NONCE_LENGTH).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putLong(n).array();
    }
}
