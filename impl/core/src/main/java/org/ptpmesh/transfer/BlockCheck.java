package org.ptpmesh.transfer;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The receiver's side of the hash tree ({@link HashTree}): the children lists it has asked for
 * and not received (oldest request first), the ones it has checked, from the root in the OFFER
 * down, and the check of each block against its leaf. A list is kept while the blocks under its
 * node are not all stored, so the lists held follow the window, not the object: the root's path
 * to every block being received, about a KiB per level and group.
 */
final class BlockCheck {

    private final int blocks;
    private final int top;
    private final byte[] root;
    /** Checked children lists, by node (HashTree.node). */
    private final Map<Long, byte[]> lists = new HashMap<>();
    /** Lists asked for and not received, oldest request first: node to {sentAt, retries}. */
    private final Map<Long, long[]> requests = new LinkedHashMap<>();
    private final MessageDigest digest = Sha256.digest();
    private final byte[] computed = new byte[HashTree.HASH_BYTES];

    BlockCheck(Offer offer) {
        this.blocks = offer.blockCount();
        this.top = HashTree.top(blocks);
        this.root = offer.rootRef();
    }

    /** The level-1 node above {@code block}, whose children are the leaves. */
    private static long groupOf(int block) {
        return HashTree.node(1, block / HashTree.FANOUT);
    }

    /** Whether {@code block}'s leaf hash is known, so it can be checked on arrival. */
    boolean covers(int block) {
        return lists.containsKey(groupOf(block));
    }

    /**
     * The node whose children must be asked for next so that {@code block} gets covered: the
     * highest node on the path from the root whose list is missing (its own hash is known), or
     * -1 when the block is covered.
     */
    long needed(int block) {
        for (int level = top; level >= 1; level--) {
            long node = HashTree.node(level, (int) (block / HashTree.span(level)));
            if (!lists.containsKey(node)) {
                return node;
            }
        }
        return -1;
    }

    /** Whether {@code data[0..len)} is {@code block}, which {@link #covers} must be true of. */
    boolean matches(int block, byte[] data, int len) {
        digest.update(HashTree.LEAF);
        digest.update(data, 0, len);
        HashTree.digestInto(digest, computed, 0);
        byte[] list = lists.get(groupOf(block));
        int at = (block % HashTree.FANOUT) * HashTree.HASH_BYTES;
        return Arrays.equals(computed, 0, HashTree.HASH_BYTES, list, at, at + HashTree.HASH_BYTES);
    }

    /** What a HASHES datagram turned out to be. */
    enum Verdict {
        /** Checked and kept. */
        ACCEPTED,
        /** Already held, or for a node whose own hash is not known (nothing asked for it): ignored. */
        UNEXPECTED,
        /** Not the children of that node: a forgery or corruption. */
        MISMATCH
    }

    /** Checks the children {@code payload[0..len)} of {@code node} against the node's hash and keeps them if they match. */
    Verdict accept(long node, byte[] payload, int len) {
        if (!HashTree.exists(blocks, node)) {
            return Verdict.MISMATCH;
        }
        if (lists.containsKey(node)) {
            return Verdict.UNEXPECTED;
        }
        int level = HashTree.levelOf(node);
        int index = HashTree.indexOf(node);
        byte[] parent = level == top ? null : lists.get(HashTree.node(level + 1, index / HashTree.FANOUT));
        if (level != top && parent == null) {
            return Verdict.UNEXPECTED;
        }
        if (len != HashTree.childCount(blocks, level, index) * HashTree.HASH_BYTES) {
            return Verdict.MISMATCH;
        }
        digest.update(HashTree.NODE);
        digest.update(payload, 0, len);
        HashTree.digestInto(digest, computed, 0);
        byte[] expected = parent == null ? root : parent;
        int at = parent == null ? 0 : (index % HashTree.FANOUT) * HashTree.HASH_BYTES;
        if (!Arrays.equals(computed, 0, HashTree.HASH_BYTES, expected, at, at + HashTree.HASH_BYTES)) {
            return Verdict.MISMATCH;
        }
        lists.put(node, Arrays.copyOf(payload, len));
        return Verdict.ACCEPTED;
    }

    /**
     * {@code block} was stored: the lists of the nodes above it whose blocks are now all in
     * ({@code have}) are no longer needed.
     */
    void stored(int block, BitSet have) {
        for (int level = 1; level <= top; level++) {
            long span = HashTree.span(level);
            long first = block / span * span;
            int end = (int) Math.min(blocks, first + span);
            if (have.nextClearBit((int) first) < end) {
                return;
            }
            lists.remove(HashTree.node(level, (int) (block / span)));
        }
    }

    // ------------------------------------------------------------------ requests

    boolean asked(long node) {
        return requests.containsKey(node);
    }

    /** {@code node}'s list asked for at {@code now}, for the {@code retries}th time again. */
    void ask(long node, long retries, long now) {
        requests.put(node, new long[] {now, retries});
    }

    /** {@code node}'s list came: its request, {sentAt, retries}, or null if it was not asked for. */
    long[] answered(long node) {
        return requests.remove(node);
    }

    int pending() {
        return requests.size();
    }

    /** When the oldest pending request went out, or {@link Long#MAX_VALUE}. */
    long oldestAsked() {
        return requests.isEmpty() ? Long.MAX_VALUE : requests.values().iterator().next()[0];
    }

    /** The nodes whose request went out at or before {@code before}, oldest first. */
    long[] askedBefore(long before) {
        long[] due = new long[requests.size()];
        int n = 0;
        for (Map.Entry<Long, long[]> e : requests.entrySet()) {
            if (e.getValue()[0] > before) {
                break;
            }
            due[n++] = e.getKey();
        }
        return Arrays.copyOf(due, n);
    }

    /** Lists held and asked for: bounded by the window, for tests of the bound. */
    int listsHeld() {
        return lists.size() + requests.size();
    }
}
