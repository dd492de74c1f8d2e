package org.ptpmesh.noise;

/**
 * A Noise message or call refused. Every message may come from an attacker, so each way one can be
 * wrong has its reason, and a refused read leaves the handshake or cipher state as it was: the
 * genuine message may still follow.
 */
public final class NoiseException extends Exception {

    /** What was wrong. */
    public enum Reason {
        /** Shorter than its pattern's keys and tag. */
        SHORT_MESSAGE,
        /** Longer than {@link NoiseLimits#MAX_MESSAGE_LENGTH}, or would be once sealed. */
        MESSAGE_TOO_LONG,
        /** The authentication tag does not match: altered, replayed, or sealed under other keys. */
        BAD_TAG,
        /** A public key whose Diffie-Hellman result is all zero (a point of small order). */
        BAD_PUBLIC_KEY,
        /** Not this party's turn: writing when it must read, reading when it must write or is done. */
        WRONG_STATE,
        /** The sending nonce reached {@link NoiseLimits#RESERVED_NONCE}: the keys are spent. */
        NONCE_EXHAUSTED
    }

    private final Reason reason;

    public NoiseException(Reason reason, String detail) {
        super(reason.name().toLowerCase(java.util.Locale.ROOT) + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
