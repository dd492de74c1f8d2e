package org.ptpmesh.noise;

/** The sizes of Noise_*_25519_AESGCM_SHA256 and the limits the Noise specification sets. */
public final class NoiseLimits {

    /** The spec caps every handshake and transport message at 65535 bytes, so a length fits in two bytes. */
    public static final int MAX_MESSAGE_LENGTH = 65535;

    /** AES-GCM's authentication tag (128 bits). */
    public static final int TAG_LENGTH = 16;

    /** An AES-256 key. */
    public static final int KEY_LENGTH = 32;

    /** An X25519 public key, private key and shared secret. */
    public static final int DH_LENGTH = 32;

    /** SHA-256's output: the chaining key and handshake hash. */
    public static final int HASH_LENGTH = 32;

    /**
     * 2^64-1 as an unsigned long: the spec reserves this nonce (for rekeying), so a cipher state
     * that reaches it refuses to encrypt rather than wrap around and reuse a nonce.
     */
    public static final long RESERVED_NONCE = -1L;

    private NoiseLimits() {
    }
}
