package org.ptpmesh.node;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed 64-bit pseudorandom function, fast on short
 * inputs, which is what a cookie needs (a cryptographic MAC would cost ten times as much per
 * datagram a flood makes the server answer).
 */
final class SipHash {

    private SipHash() {
    }

    /** SipHash-2-4 of {@code data} under the 128-bit key {@code k0 || k1} (each read little-endian). */
    static long hash24(long k0, long k1, byte[] data) {
        long[] v = {0x736f6d6570736575L ^ k0, 0x646f72616e646f6dL ^ k1, 0x6c7967656e657261L ^ k0, 0x7465646279746573L ^ k1};
        int blocks = data.length / 8;
        for (int b = 0; b < blocks; b++) {
            compress(v, littleEndian(data, b * 8, 8));
        }
        compress(v, (long) (data.length & 0xFF) << 56 | littleEndian(data, blocks * 8, data.length - blocks * 8));
        v[2] ^= 0xFF;
        rounds(v, 4);
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    /** Absorbs one 8-byte word with two SipRounds. */
    private static void compress(long[] v, long m) {
        v[3] ^= m;
        rounds(v, 2);
        v[0] ^= m;
    }

    private static void rounds(long[] v, int n) {
        for (int r = 0; r < n; r++) {
            v[0] += v[1]; v[1] = Long.rotateLeft(v[1], 13); v[1] ^= v[0]; v[0] = Long.rotateLeft(v[0], 32);
            v[2] += v[3]; v[3] = Long.rotateLeft(v[3], 16); v[3] ^= v[2];
            v[0] += v[3]; v[3] = Long.rotateLeft(v[3], 21); v[3] ^= v[0];
            v[2] += v[1]; v[1] = Long.rotateLeft(v[1], 17); v[1] ^= v[2]; v[2] = Long.rotateLeft(v[2], 32);
        }
    }

    private static long littleEndian(byte[] data, int off, int len) {
        long m = 0;
        for (int i = len - 1; i >= 0; i--) {
            m = m << 8 | (data[off + i] & 0xFFL);
        }
        return m;
    }
}
