package org.ptpmesh.wire;

import java.util.List;

/**
 * The receiver rules of the handshake and SEALED kinds (docs/protocol.md 6.9 and 7): lengths a
 * Noise message of the datagram's pattern can have, a known PATTERN, sealed bytes that can hold a
 * tag and a datagram, and a COUNTER below the nonce Noise reserves. Read off the view without
 * allocating, as the rest of {@link ReceiverRules}.
 */
public final class KeyedMessageRules {

    /** PATTERN values. */
    public static final int PATTERN_XX = 0;
    public static final int PATTERN_IK = 1;

    /**
     * NOISE lengths of Noise_{IK,XX}_25519_AESGCM_SHA256 with empty payloads: a public key
     * is 32 bytes, a sealed one 48, and every message from the first key on ends in a 16-byte tag.
     */
    public static final int IK_INIT_NOISE = 32 + 48 + 16;
    public static final int XX_INIT_NOISE = 32;
    public static final int IK_RESP_NOISE = 32 + 16;
    public static final int XX_RESP_NOISE = 32 + 48 + 16;
    public static final int XX_FINISH_NOISE = 48 + 16;

    /** AES-GCM's tag. */
    public static final int TAG_LENGTH = 16;
    /** The fewest sealed bytes: a tag and the smallest inner datagram (version and checksum). */
    public static final int MIN_SEALED = TAG_LENGTH + Datagram.MIN_SIZE;
    /** 2^64-1: Noise reserves this nonce, so no sealed message carries it. */
    public static final long RESERVED_COUNTER = -1L;

    private KeyedMessageRules() {
    }

    /** Adds the broken rules of a handshake or SEALED message to {@code found} (unless null); returns the first. */
    static RuleViolationCode check(DatagramView view, MessageKind kind, RuleViolationCode first,
                                   List<ReceiverRules.Violation> found) {
        return switch (kind) {
            case HANDSHAKE_INIT -> checkInit(view, first, found);
            case HANDSHAKE_RESP -> checkNoise(view, kind, IK_RESP_NOISE, XX_RESP_NOISE, "IK or XX", first, found);
            case HANDSHAKE_FINISH -> checkNoise(view, kind, XX_FINISH_NOISE, XX_FINISH_NOISE, "XX", first, found);
            case SEALED -> checkSealed(view, first, found);
            default -> first;
        };
    }

    private static RuleViolationCode checkInit(DatagramView view, RuleViolationCode first, List<ReceiverRules.Violation> found) {
        int at = view.indexOf(TlvTypes.PATTERN);
        if (at < 0) {
            return first; // reported as missing
        }
        long pattern = view.uint(at);
        if (pattern == PATTERN_IK) {
            return checkNoise(view, MessageKind.HANDSHAKE_INIT, IK_INIT_NOISE, IK_INIT_NOISE, "IK", first, found);
        }
        if (pattern == PATTERN_XX) {
            return checkNoise(view, MessageKind.HANDSHAKE_INIT, XX_INIT_NOISE, XX_INIT_NOISE, "XX", first, found);
        }
        return ReceiverRules.report(first, found, RuleViolationCode.UNKNOWN_PATTERN,
                () -> "PATTERN " + Long.toUnsignedString(pattern) + " is neither 0 (XX) nor 1 (IK)");
    }

    private static RuleViolationCode checkNoise(DatagramView view, MessageKind kind, int oneLength, int otherLength,
                                                String pattern, RuleViolationCode first, List<ReceiverRules.Violation> found) {
        if (view.indexOf(TlvTypes.NOISE) < 0) {
            return first; // reported as missing
        }
        int length = concatenatedLength(view, TlvTypes.NOISE);
        if (length == oneLength || length == otherLength) {
            return first;
        }
        return ReceiverRules.report(first, found, RuleViolationCode.NOISE_LENGTH, () -> kind + " carries " + length
                + " bytes of NOISE; a " + pattern + " message here has " + (oneLength == otherLength
                ? Integer.toString(oneLength) : oneLength + " or " + otherLength));
    }

    private static RuleViolationCode checkSealed(DatagramView view, RuleViolationCode first, List<ReceiverRules.Violation> found) {
        if (view.indexOf(TlvTypes.SEALED) >= 0) {
            int length = concatenatedLength(view, TlvTypes.SEALED);
            if (length < MIN_SEALED) {
                first = ReceiverRules.report(first, found, RuleViolationCode.SEALED_TOO_SHORT, () -> length
                        + " sealed bytes cannot hold a " + TAG_LENGTH + "-byte tag and a " + Datagram.MIN_SIZE + "-byte datagram");
            }
        }
        int counter = view.indexOf(TlvTypes.COUNTER);
        if (counter >= 0 && view.uint(counter) == RESERVED_COUNTER) {
            first = ReceiverRules.report(first, found, RuleViolationCode.RESERVED_COUNTER,
                    () -> "COUNTER 2^64-1 is the nonce Noise reserves");
        }
        return first;
    }

    /** The length of every TLV of {@code type} together, as its fragments concatenate. */
    private static int concatenatedLength(DatagramView view, int type) {
        int length = 0;
        for (int i = 0; i < view.tlvCount(); i++) {
            if (view.type(i) == type) {
                length += view.valueLength(i);
            }
        }
        return length;
    }
}
