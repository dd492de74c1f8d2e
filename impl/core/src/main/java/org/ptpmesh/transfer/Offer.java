package org.ptpmesh.transfer;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * What an OFFER announces, in one datagram: the object's name, size, block size, SHA-256 and the
 * root of its hash tree, under the transfer id the offering side chose (or the fetching side,
 * for a fetch).
 */
public record Offer(long xferId, String name, long size, int blockSize, byte[] sha256, byte[] hashRoot, Mode mode) {

    /** Transfer ids are 32-bit (XFERID's width); a larger value names no transfer. */
    public static final long MAX_XFER_ID = 0xffff_ffffL;

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
        if (size < 0 || blockSize < 1 || sha256.length != 32 || hashRoot.length != 32 || name.isEmpty()
                || xferId < 0 || xferId > MAX_XFER_ID) {
            throw new IllegalArgumentException("an offer needs a 32-bit id, a name, a size >= 0, a block size >= 1,"
                    + " a 32-byte SHA-256 and a 32-byte hash root");
        }
        if (blockCountOf(size, blockSize) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("object of " + size + " bytes has too many blocks of " + blockSize);
        }
        sha256 = sha256.clone();
        hashRoot = hashRoot.clone();
    }

    /**
     * Blocks of {@code blockSize} bytes an object of {@code size} bytes takes, without the
     * overflow of {@code (size + blockSize - 1) / blockSize} near {@link Long#MAX_VALUE}.
     */
    public static long blockCountOf(long size, long blockSize) {
        if (size < 0 || blockSize < 1) {
            throw new IllegalArgumentException("size " + size + " and block size " + blockSize + " make no blocks");
        }
        return size / blockSize + (size % blockSize == 0 ? 0 : 1);
    }

    /** {@link #blockCountOf} for an object whose block count fits an int (every accepted offer's does). */
    static int blockCount(long size, int blockSize) {
        return Math.toIntExact(blockCountOf(size, blockSize));
    }

    public int blockCount() {
        return blockCount(size, blockSize);
    }

    /** Where {@code block} starts in the object. */
    public long blockStart(int block) {
        return Math.multiplyExact((long) block, blockSize);
    }

    /** Every block but the last is {@code blockSize} bytes. */
    public int blockLength(int block) {
        return (int) Math.min(blockSize, size - blockStart(block));
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    @Override
    public byte[] hashRoot() {
        return hashRoot.clone();
    }

    /** The hash root, not copied: for the receiver's checks on its own offer. */
    byte[] rootRef() {
        return hashRoot;
    }

    public String shaHex() {
        return HexFormat.of().formatHex(sha256);
    }

    /** Same object (name, size, block size, hash and hash root), whatever the transfer id. */
    public boolean sameObject(Offer other) {
        return name.equals(other.name) && size == other.size && blockSize == other.blockSize
                && Arrays.equals(sha256, other.sha256) && Arrays.equals(hashRoot, other.hashRoot);
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
