package org.ptpmesh.noise;

/**
 * Which counters of sealed datagrams a receiver has taken, so that each is taken once (the
 * sliding window of RFC 6479, as WireGuard keeps it). Datagrams may be lost or reordered, so a
 * counter below the highest taken is still accepted while it lies within {@link #ACCEPTED_LAG};
 * older ones, repeats and {@link NoiseLimits#RESERVED_NONCE} are refused. Counters are unsigned
 * 64-bit numbers.
 *
 * <p>The window is a ring of {@link #WINDOW_BITS} bits, a fixed {@code WINDOW_BITS / 8} bytes
 * whatever a sender does. Ask {@link #isFresh} before opening a datagram, to spend no work on a
 * replay, and call {@link #accept} only once its tag verified: a forged counter must not move the
 * window.
 */
public final class ReplayWindow {

    /** The ring's size in bits, a power of two. */
    public static final int WINDOW_BITS = 2048;

    /**
     * How far below the highest counter taken a counter is still accepted: the ring less the word
     * being reused when the window slides into it.
     */
    public static final int ACCEPTED_LAG = WINDOW_BITS - Long.SIZE;

    private static final int WORDS = WINDOW_BITS / Long.SIZE;

    private final long[] ring = new long[WORDS];
    private long highest;

    /** Whether {@code counter} would be accepted now; changes nothing. */
    public boolean isFresh(long counter) {
        if (counter == NoiseLimits.RESERVED_NONCE) {
            return false;
        }
        if (Long.compareUnsigned(counter, highest) > 0) {
            return true;
        }
        // unsigned: the distance may exceed 2^63
        return Long.compareUnsigned(highest - counter, ACCEPTED_LAG) < 0 && (ring[slot(counter)] & bit(counter)) == 0;
    }

    /** Takes {@code counter} if it is fresh: true the first time, false for a repeat or one too old. */
    public boolean accept(long counter) {
        if (!isFresh(counter)) {
            return false;
        }
        if (Long.compareUnsigned(counter, highest) > 0) {
            slideTo(counter);
        }
        ring[slot(counter)] |= bit(counter);
        return true;
    }

    /** Clears the words the window slides over, at most the whole ring however far it jumps. */
    private void slideTo(long counter) {
        long fromWord = highest >>> 6;
        long words = (counter >>> 6) - fromWord;
        long cleared = Math.min(words, WORDS);
        for (long i = 1; i <= cleared; i++) {
            ring[(int) ((fromWord + i) & (WORDS - 1))] = 0;
        }
        highest = counter;
    }

    private static int slot(long counter) {
        return (int) ((counter >>> 6) & (WORDS - 1));
    }

    private static long bit(long counter) {
        return 1L << (counter & (Long.SIZE - 1));
    }
}
