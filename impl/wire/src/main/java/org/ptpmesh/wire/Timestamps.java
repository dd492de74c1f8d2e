package org.ptpmesh.wire;

/**
 * MYTS/YOURTS values: Unix time in 32.32 fixed point (seconds in the high 32 bits, the fraction
 * in the low 32 bits) carried in a u64, as ptptest 2014 writes {@code int(time.time() * 2**32)}.
 */
public final class Timestamps {

    private Timestamps() {
    }

    public static long fromMillis(long unixMillis) {
        long seconds = Math.floorDiv(unixMillis, 1000);
        long millis = Math.floorMod(unixMillis, 1000);
        return (seconds << 32) | ((millis << 32) / 1000);
    }

    /** Rounds down to the millisecond. */
    public static long toMillis(long fixed) {
        long seconds = fixed >>> 32;
        long fraction = fixed & 0xFFFF_FFFFL;
        return seconds * 1000 + ((fraction * 1000) >>> 32);
    }
}
