package org.ptpmesh.wire;

/**
 * RFC 1071 Internet checksum: the 16-bit one's-complement of the one's-complement sum of the
 * data taken as big-endian 16-bit words, an odd last byte padded with a zero byte on the right.
 * ptpmesh puts it after the TLVs, covering the version byte and every TLV.
 */
public final class Checksum {

    private Checksum() {
    }

    public static int compute(byte[] buf, int offset, int length) {
        long sum = 0;
        int i = offset;
        int end = offset + length;
        // Summing into a 64-bit accumulator defers the end-around carry: 1400 bytes cannot
        // overflow it, so the fold happens once at the end (RFC 1071 section 4.1).
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
