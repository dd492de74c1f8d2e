package org.ptpmesh.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * RFC 1071 Internet checksum: the 16-bit one's-complement of the one's-complement sum of the
 * data taken as big-endian 16-bit words, an odd last byte padded with a zero byte on the right.
 * ptpmesh puts it after the TLVs, covering the version byte and every TLV.
 */
public final class Checksum {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Checksum() {
    }

    public static int compute(byte[] buf, int offset, int length) {
        long sum = 0;
        int i = offset;
        int end = offset + length;
        // Eight bytes at a time, summed as two 32-bit words: since 2^16 = 1 (mod 2^16 - 1), sums
        // of wider big-endian words fold to the same one's-complement sum (RFC 1071 section
        // 2(B)). 1400 bytes cannot overflow the 64-bit accumulator, so the fold happens once.
        // Four accumulators, so consecutive additions do not wait on each other.
        long s0 = 0;
        long s1 = 0;
        long s2 = 0;
        long s3 = 0;
        for (; i + 16 <= end; i += 16) {
            long a = (long) LONGS.get(buf, i);
            long b = (long) LONGS.get(buf, i + 8);
            s0 += a >>> 32;
            s1 += a & 0xFFFF_FFFFL;
            s2 += b >>> 32;
            s3 += b & 0xFFFF_FFFFL;
        }
        sum = s0 + s1 + s2 + s3;
        for (; i + 8 <= end; i += 8) {
            long v = (long) LONGS.get(buf, i);
            sum += (v >>> 32) + (v & 0xFFFF_FFFFL);
        }
        for (; i + 1 < end; i += 2) {
            sum += ((buf[i] & 0xFF) << 8) | (buf[i + 1] & 0xFF);
        }
        if (i < end) {
            sum += (buf[i] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }
}
