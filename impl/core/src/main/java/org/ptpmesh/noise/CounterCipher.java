package org.ptpmesh.noise;

/**
 * One direction of a session whose messages travel as datagrams, which arrive lost, repeated and
 * out of order: unlike a {@link CipherState}, whose nonce is the count of messages taken in order,
 * each message here names its nonce (its counter, sent in the clear), and the receiver opens
 * whichever it gets. The nonce is the spec's AESGCM nonce of the counter (4 zero bytes, then
 * the counter big-endian), as WireGuard does with its cipher's nonce.
 *
 * <p>Sealing takes the counters in order from 0 and never hands one out twice, so no nonce is
 * reused under the key; {@link NoiseLimits#RESERVED_NONCE} is never used. Opening changes nothing:
 * which counters were already taken is the receiver's {@link ReplayWindow}'s business.
 */
public final class CounterCipher {

    private final byte[] key;
    private final AesGcm aead;
    private long nextCounter;

    private CounterCipher(byte[] key) {
        this.key = key;
        this.aead = new AesGcm(key);
    }

    /** The key of {@code state}, a transport cipher state from {@link HandshakeState#split}, counted from 0. */
    public static CounterCipher of(CipherState state) {
        byte[] key = state.key();
        if (key == null) {
            throw new IllegalArgumentException("the cipher state has no key yet");
        }
        return new CounterCipher(key.clone());
    }

    /** A cipher over {@code key} (32 bytes), counted from 0. */
    public static CounterCipher withKey(byte[] key) {
        if (key.length != NoiseLimits.KEY_LENGTH) {
            throw new IllegalArgumentException("an AES-256 key is " + NoiseLimits.KEY_LENGTH + " bytes, got " + key.length);
        }
        return new CounterCipher(key.clone());
    }

    /** The counter the next {@link #seal} uses, for the header it authenticates. */
    public long nextCounter() {
        return nextCounter;
    }

    /**
     * {@code plaintext} sealed under counter {@link #nextCounter()} with {@code ad} as associated
     * data, then the counter moves on: tag appended, {@link NoiseLimits#TAG_LENGTH} bytes longer.
     */
    public byte[] seal(byte[] ad, byte[] plaintext) throws NoiseException {
        byte[] sealed = new byte[plaintext.length + NoiseLimits.TAG_LENGTH];
        seal(ad, ad.length, plaintext, sealed);
        return sealed;
    }

    /**
     * As {@link #seal(byte[], byte[])}, with {@code ad[0..adLength)} as associated data and the
     * sealed bytes written to the start of {@code out} (at least {@link NoiseLimits#TAG_LENGTH} bytes
     * longer than {@code plaintext}), so a sender that seals datagram after datagram allocates nothing.
     *
     * @return the bytes written
     */
    public int seal(byte[] ad, int adLength, byte[] plaintext, byte[] out) throws NoiseException {
        if (nextCounter == NoiseLimits.RESERVED_NONCE) {
            throw new NoiseException(NoiseException.Reason.NONCE_EXHAUSTED, "2^64-1 messages sealed under this key");
        }
        if (plaintext.length > NoiseLimits.MAX_MESSAGE_LENGTH - NoiseLimits.TAG_LENGTH) {
            throw new NoiseException(NoiseException.Reason.MESSAGE_TOO_LONG,
                    plaintext.length + " bytes and a tag exceed " + NoiseLimits.MAX_MESSAGE_LENGTH);
        }
        int written = aead.encrypt(nextCounter, ad, adLength, plaintext, plaintext.length, out);
        nextCounter++;
        return written;
    }

    /** {@code ciphertext} (with its tag) opened as sealed under {@code counter} with {@code ad}. */
    public byte[] open(long counter, byte[] ad, byte[] ciphertext) throws NoiseException {
        return open(counter, ad, ad.length, ciphertext, ciphertext.length);
    }

    /**
     * {@code ciphertext[0..length)} (with its tag) opened as sealed under {@code counter} with {@code
     * ad[0..adLength)}: a receiver reads the associated data where it lies, in the datagram received.
     */
    public byte[] open(long counter, byte[] ad, int adLength, byte[] ciphertext, int length) throws NoiseException {
        if (length < NoiseLimits.TAG_LENGTH) {
            throw new NoiseException(NoiseException.Reason.SHORT_MESSAGE,
                    length + " bytes cannot hold a " + NoiseLimits.TAG_LENGTH + "-byte tag");
        }
        if (counter == NoiseLimits.RESERVED_NONCE) {
            throw new NoiseException(NoiseException.Reason.NONCE_EXHAUSTED, "the reserved nonce 2^64-1 seals nothing");
        }
        return aead.decrypt(counter, ad, adLength, ciphertext, length);
    }

    /** The key itself, for the key log only (docs/protocol.md 6.9): whoever holds it reads the session. */
    public byte[] key() {
        return key.clone();
    }
}
