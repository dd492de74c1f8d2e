package org.ptpmesh.noise;

/**
 * The Noise spec's CipherState (section 5.1): an AES-256-GCM key, possibly none yet, and the
 * 64-bit nonce of the next message. After a handshake, one seals what a party sends and another
 * opens what it receives, in order.
 */
public final class CipherState {

    private byte[] key;
    private AesGcm aead;
    private long nonce;

    CipherState() {
    }

    CipherState(byte[] key, long nonce) {
        this.key = key.clone();
        this.aead = new AesGcm(this.key);
        this.nonce = nonce;
    }

    CipherState copy() {
        return key == null ? new CipherState() : new CipherState(key, nonce);
    }

    void initializeKey(byte[] newKey) {
        key = newKey.clone();
        aead = new AesGcm(key);
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
        byte[] sealed = aead.encrypt(nonce, ad, plaintext);
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
        byte[] opened = aead.decrypt(nonce, ad, ciphertext);
        nonce++;
        return opened;
    }

    /** The key, for a {@link CounterCipher} built from this state; null while there is none. */
    byte[] key() {
        return key;
    }
}
