package org.ptpmesh.transfer;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The hash tree of an object cut into blocks, which lets a receiver check every block on arrival
 * (docs/transfer.md, "Block integrity"). A leaf is SHA-256(0x00 || block); a node above is
 * SHA-256(0x01 || the hashes of its children), {@value #FANOUT} children per node, the last node
 * of a level taking what is left; the root, at level {@link #top}, goes in the OFFER (HASHROOT).
 * A HASHES datagram carries the children of one node, which the receiver checks against that
 * node's hash, known from the root or from its parent's children.
 *
 * <p>The sender keeps levels 1 and up (about one byte per block, shared by every transfer of the
 * object) and hashes a level-1 node's blocks again when its children are asked for.
 */
public final class HashTree {

    /** Children per node: 32 hashes (1 KiB) fit any transfer datagram, the relayed one too. */
    public static final int FANOUT = 32;
    /** Bytes of one hash. */
    public static final int HASH_BYTES = 32;
    static final byte LEAF = 0;
    static final byte NODE = 1;

    private final long size;
    private final int blockSize;
    private final int blocks;
    private final int top;
    /** levels[l] holds the hashes of level l (l >= 1), HASH_BYTES each, in order. */
    private final byte[][] levels;

    private HashTree(long size, int blockSize, byte[][] levels) {
        this.size = size;
        this.blockSize = blockSize;
        this.blocks = Offer.blockCount(size, blockSize);
        this.top = levels.length - 1;
        this.levels = levels;
    }

    /** The tree of {@code source} cut into blocks of {@code blockSize} bytes: reads it once. */
    public static HashTree of(BlockSource source, int blockSize) {
        Builder b = new Builder(source.size(), blockSize);
        byte[] piece = new byte[blockSize];
        for (long at = 0; at < source.size(); at += blockSize) {
            int len = (int) Math.min(blockSize, source.size() - at);
            source.read(at, piece, len);
            b.update(piece, 0, len);
        }
        return b.finish();
    }

    // ------------------------------------------------------------------ the shape, from size and block size alone

    /** Nodes of {@code level} in a tree of {@code blocks} leaves: at least one above the leaves, so there is always a root. */
    public static int count(int blocks, int level) {
        long n = blocks;
        for (int l = 1; l <= level; l++) {
            n = Math.max(1, (n + FANOUT - 1) / FANOUT);
        }
        return (int) n;
    }

    /** The root's level: the lowest level above the leaves with one node (1 for up to 32 blocks). */
    public static int top(int blocks) {
        int level = 1;
        while (count(blocks, level) > 1) {
            level++;
        }
        return level;
    }

    /** Children of node {@code index} of {@code level} (>= 1). */
    public static int childCount(int blocks, int level, int index) {
        return Math.min(FANOUT, count(blocks, level - 1) - index * FANOUT);
    }

    /** Blocks under one node of {@code level}: 32 to the power of the level. */
    static long span(int level) {
        return 1L << (5 * level);
    }

    /** The HASHNODE value of node {@code index} of {@code level}. */
    public static long node(int level, int index) {
        return ((long) level << 32) | index;
    }

    static int levelOf(long node) {
        return (int) (node >>> 32);
    }

    static int indexOf(long node) {
        return (int) node;
    }

    /** Whether {@code node} names a node with children in a tree of {@code blocks} leaves. */
    static boolean exists(int blocks, long node) {
        int level = levelOf(node);
        long index = node & 0xffff_ffffL;
        return node >= 0 && level >= 1 && level <= top(blocks) && index < count(blocks, level);
    }

    // ------------------------------------------------------------------ the sender's tree

    public byte[] root() {
        return Arrays.copyOf(levels[top], HASH_BYTES);
    }

    public int blockSize() {
        return blockSize;
    }

    public long size() {
        return size;
    }

    int blocks() {
        return blocks;
    }

    int top() {
        return top;
    }

    /**
     * Writes the children of {@code node} into {@code into}, which holds FANOUT hashes, and
     * returns their byte length: stored hashes above level 1, the blocks' leaf hashes (read from
     * {@code source} into {@code scratch}, a block long) for level 1.
     */
    int children(long node, BlockSource source, byte[] scratch, byte[] into) {
        int level = levelOf(node);
        int index = indexOf(node);
        int children = childCount(blocks, level, index);
        if (level > 1) {
            System.arraycopy(levels[level - 1], index * FANOUT * HASH_BYTES, into, 0, children * HASH_BYTES);
            return children * HASH_BYTES;
        }
        MessageDigest digest = Sha256.digest();
        for (int i = 0; i < children; i++) {
            int block = index * FANOUT + i;
            long start = Math.multiplyExact((long) block, blockSize);
            int len = (int) Math.min(blockSize, size - start);
            source.read(start, scratch, len);
            digest.update(LEAF);
            digest.update(scratch, 0, len);
            digestInto(digest, into, i * HASH_BYTES);
        }
        return children * HASH_BYTES;
    }

    static void digestInto(MessageDigest digest, byte[] into, int offset) {
        try {
            digest.digest(into, offset, HASH_BYTES);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("a 32-byte slot always holds a SHA-256", e);
        }
    }

    /** Builds the tree from the object's bytes, given in order in pieces of any length. */
    public static final class Builder {
        private final long size;
        private final int blockSize;
        private final int blocks;
        private final byte[] level1;
        private final MessageDigest leaf = Sha256.digest();
        private final MessageDigest node = Sha256.digest();
        private final byte[] leafHash = new byte[HASH_BYTES];
        private long consumed;
        private int inBlock;
        private int block;

        public Builder(long size, int blockSize) {
            if (blockSize < 1 || size < 0) {
                throw new IllegalArgumentException("a hash tree needs a size >= 0 and a block size >= 1");
            }
            this.size = size;
            this.blockSize = blockSize;
            this.blocks = Offer.blockCount(size, blockSize);
            this.level1 = new byte[count(blocks, 1) * HASH_BYTES];
            startBlock();
        }

        public void update(byte[] data, int off, int len) {
            if (len > size - consumed) {
                throw new IllegalArgumentException("more than the " + size + " bytes announced");
            }
            consumed += len;
            while (len > 0) {
                int take = Math.min(len, blockSize - inBlock);
                leaf.update(data, off, take);
                inBlock += take;
                off += take;
                len -= take;
                if (inBlock == blockSize || consumed == size && len == 0) {
                    endBlock();
                }
            }
        }

        private void startBlock() {
            inBlock = 0;
            leaf.update(LEAF);
        }

        private void endBlock() {
            digestInto(leaf, leafHash, 0);
            if (block % FANOUT == 0) {
                node.update(NODE);
            }
            node.update(leafHash);
            block++;
            if (block % FANOUT == 0 || block == blocks) {
                digestInto(node, level1, (block - 1) / FANOUT * HASH_BYTES);
            }
            startBlock();
        }

        public HashTree finish() {
            if (consumed != size) {
                throw new IllegalStateException(consumed + " of " + size + " bytes given");
            }
            if (blocks == 0) {
                // no leaves: the root is the hash of a node without children
                node.update(NODE);
                digestInto(node, level1, 0);
            }
            int top = top(blocks);
            byte[][] levels = new byte[top + 1][];
            levels[1] = level1;
            for (int l = 2; l <= top; l++) {
                levels[l] = new byte[count(blocks, l) * HASH_BYTES];
                for (int j = 0; j < count(blocks, l); j++) {
                    node.update(NODE);
                    node.update(levels[l - 1], j * FANOUT * HASH_BYTES, childCount(blocks, l, j) * HASH_BYTES);
                    digestInto(node, levels[l], j * HASH_BYTES);
                }
            }
            return new HashTree(size, blockSize, levels);
        }
    }
}
