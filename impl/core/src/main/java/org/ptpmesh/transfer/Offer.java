package org.ptpmesh.transfer;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * What an OFFER announces, in one datagram: the object's name, size, block size and SHA-256,
 * under the transfer id the offering side chose (or the fetching side, for a fetch).
 */
public record Offer(long xferId, String name, long size, int blockSize, byte[] sha256, Mode mode) {

    /** XFERMODE: who started the transfer. */
    public enum Mode {
        /** The sender offered without being asked (XFERMODE 0). */
        PUSHED,
        /** The receiver asked with FETCH (XFERMODE 1). */
        FETCHED;

        public int code() {
            return ordinal();
        }

        public static Mode fromCode(long code) {
            return code == 1 ? FETCHED : PUSHED;
        }
    }

    public Offer {
        if (size < 0 || blockSize < 1 || sha256.length != 32 || name.isEmpty()) {
            throw new IllegalArgumentException("an offer needs a name, a size >= 0, a block size >= 1 and a 32-byte SHA-256");
        }
        if ((size + blockSize - 1) / blockSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("object of " + size + " bytes has too many blocks of " + blockSize);
        }
        sha256 = sha256.clone();
    }

    public int blockCount() {
        return (int) ((size + blockSize - 1) / blockSize);
    }

    /** Every block but the last is {@code blockSize} bytes. */
    public int blockLength(int block) {
        long start = (long) block * blockSize;
        return (int) Math.min(blockSize, size - start);
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    public String shaHex() {
        return HexFormat.of().formatHex(sha256);
    }

    /** Same object (name, size, block size and hash), whatever the transfer id. */
    public boolean sameObject(Offer other) {
        return name.equals(other.name) && size == other.size && blockSize == other.blockSize
                && Arrays.equals(sha256, other.sha256);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Offer other && xferId == other.xferId && mode == other.mode && sameObject(other);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(xferId) * 31 + name.hashCode();
    }

    @Override
    public String toString() {
        return "Offer[" + xferId + " " + name + " " + size + " bytes, blocks of " + blockSize + ", sha256 " + shaHex() + "]";
    }
}
