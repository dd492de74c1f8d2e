package org.ptpmesh.wire;

/** Network-order integer reads and writes of 1, 2, 4 or 8 bytes. */
final class BigEndian {

    private BigEndian() {
    }

    static long readUnsigned(byte[] buf, int off, int width) {
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = (v << 8) | (buf[off + i] & 0xFF);
        }
        return v;
    }

    static long readSigned(byte[] buf, int off, int width) {
        long v = readUnsigned(buf, off, width);
        int shift = 64 - 8 * width;
        return (v << shift) >> shift;
    }

    static void write(byte[] buf, int off, long value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            buf[off + i] = (byte) value;
            value >>>= 8;
        }
    }

    static boolean isIntegerWidth(int width) {
        return width == 1 || width == 2 || width == 4 || width == 8;
    }

    static boolean fitsUnsigned(long value, int width) {
        return width == 8 || (value >= 0 && value >>> (8 * width) == 0);
    }

    static boolean fitsSigned(long value, int width) {
        if (width == 8) {
            return true;
        }
        long min = -(1L << (8 * width - 1));
        long max = (1L << (8 * width - 1)) - 1;
        return value >= min && value <= max;
    }
}
