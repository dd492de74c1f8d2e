package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The hash tree: one shape from size and block size, a root that commits to every block, and lists the receiver can check top down. */
class HashTreeTest {

    private static byte[] object(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static Offer offerOf(byte[] data, int blockSize, HashTree tree) {
        return new Offer(1, "o", data.length, blockSize, Sha256.of(data), tree.root(), Offer.Mode.PUSHED);
    }

    @Property(tries = 200)
    void fedInPiecesOfAnyLengthTheBuilderMakesTheSameTree(@ForAll @IntRange(min = 0, max = 70_000) int size,
                                                         @ForAll @IntRange(min = 1, max = 1352) int blockSize,
                                                         @ForAll @IntRange(min = 1, max = 5000) int piece) {
        byte[] data = object(size, size);
        HashTree whole = HashTree.of(new MemorySource(data), blockSize);
        HashTree.Builder b = new HashTree.Builder(size, blockSize);
        for (int at = 0; at < size; at += piece) {
            b.update(data, at, Math.min(piece, size - at));
        }
        assertThat(b.finish().root()).isEqualTo(whole.root());
    }

    /**
     * The receiver's walk: from the root, ask for the lists each block needs, check them and the
     * blocks; every list and block of the real object passes, and lists held never exceed a path's.
     */
    @Property(tries = 100)
    void everyListAndBlockOfTheObjectChecksFromTheRootDown(@ForAll @IntRange(min = 0, max = 200_000) int size,
                                                          @ForAll @IntRange(min = 1, max = 1352) int blockSize) {
        byte[] data = object(size, 7);
        MemorySource source = new MemorySource(data);
        HashTree tree = HashTree.of(source, blockSize);
        Offer offer = offerOf(data, blockSize, tree);
        BlockCheck check = new BlockCheck(offer);
        BitSet have = new BitSet();
        byte[] scratch = new byte[blockSize];
        byte[] children = new byte[HashTree.FANOUT * HashTree.HASH_BYTES];
        for (int block = 0; block < offer.blockCount(); block++) {
            long node;
            while ((node = check.needed(block)) >= 0) {
                int len = tree.children(node, source, scratch, children);
                assertThat(check.accept(node, children, len)).isEqualTo(BlockCheck.Verdict.ACCEPTED);
            }
            byte[] bytes = java.util.Arrays.copyOfRange(data, (int) offer.blockStart(block),
                    (int) offer.blockStart(block) + offer.blockLength(block));
            assertThat(check.matches(block, bytes, bytes.length)).isTrue();
            have.set(block);
            check.stored(block, have);
            assertThat(check.listsHeld()).isLessThanOrEqualTo(HashTree.top(offer.blockCount()));
        }
        assertThat(check.listsHeld()).isZero();
    }

    @Test
    void aChangedByteFailsItsBlockAndAChangedHashFailsItsList() {
        byte[] data = object(100_000, 3);
        MemorySource source = new MemorySource(data);
        HashTree tree = HashTree.of(source, 1000);
        BlockCheck check = new BlockCheck(offerOf(data, 1000, tree));
        byte[] children = new byte[1024];
        byte[] scratch = new byte[1000];
        long top = check.needed(57);
        int len = tree.children(top, source, scratch, children);
        children[5] ^= 1;
        assertThat(check.accept(top, children, len)).isEqualTo(BlockCheck.Verdict.MISMATCH);
        children[5] ^= 1;
        assertThat(check.accept(top, children, len - 32)).as("a list cut short").isEqualTo(BlockCheck.Verdict.MISMATCH);
        assertThat(check.accept(top, children, len)).isEqualTo(BlockCheck.Verdict.ACCEPTED);
        long group = check.needed(57);
        assertThat(HashTree.levelOf(group)).isEqualTo(1);
        assertThat(check.accept(group, children, tree.children(group, source, scratch, children))).isEqualTo(BlockCheck.Verdict.ACCEPTED);
        byte[] block = java.util.Arrays.copyOfRange(data, 57_000, 58_000);
        assertThat(check.matches(57, block, 1000)).isTrue();
        block[999] ^= (byte) 0x80;
        assertThat(check.matches(57, block, 1000)).isFalse();
        BlockCheck deep = new BlockCheck(offerOf(data, 10, HashTree.of(source, 10)));
        assertThat(HashTree.top(10_000)).isEqualTo(3);
        assertThat(deep.accept(HashTree.node(1, 2), children, 1024)).as("a list whose node's hash is not known yet")
                .isEqualTo(BlockCheck.Verdict.UNEXPECTED);
        assertThat(check.accept(HashTree.node(9, 0), children, 1024)).as("a node the tree has not").isEqualTo(BlockCheck.Verdict.MISMATCH);
    }

    @Test
    void theShapeFollowsTheBlockCount() {
        assertThat(HashTree.top(0)).isEqualTo(1);
        assertThat(HashTree.top(1)).isEqualTo(1);
        assertThat(HashTree.top(32)).isEqualTo(1);
        assertThat(HashTree.top(33)).isEqualTo(2);
        assertThat(HashTree.top(1024)).isEqualTo(2);
        assertThat(HashTree.top(TransferDefaults.MAX_BLOCKS_PER_TRANSFER)).isEqualTo(5);
        assertThat(HashTree.childCount(33, 2, 0)).isEqualTo(2);
        assertThat(HashTree.childCount(33, 1, 1)).isEqualTo(1);
        assertThat(HashTree.exists(33, HashTree.node(1, 2))).isFalse();
        assertThat(HashTree.exists(33, -1)).isFalse();
        // the root of an empty object is a node without children; of one block, a node over its leaf
        assertThat(HashTree.of(new MemorySource(new byte[0]), 10).root()).hasSize(32);
    }

    /** The sender keeps about a byte per block, whatever the number of transfers. */
    @Test
    void theSendersTreeCostsAboutAByteABlock() {
        int blocks = 100_000;
        HashTree.Builder b = new HashTree.Builder(blocks, 1);
        b.update(new byte[blocks], 0, blocks);
        HashTree tree = b.finish();
        long bytes = 0;
        for (int level = 1; level <= tree.top(); level++) {
            bytes += (long) HashTree.count(blocks, level) * HashTree.HASH_BYTES;
        }
        assertThat(bytes).isLessThan(blocks * 11L / 10);
    }

    @Property(tries = 300)
    void outstandingBehavesAsAnOrderedSet(@ForAll @IntRange(min = 1, max = 64) int capacity,
                                          @ForAll("ops") java.util.List<Integer> ops) {
        Outstanding o = new Outstanding(capacity);
        Deque<Integer> model = new ArrayDeque<>();
        for (int op : ops) {
            int block = Math.abs(op) % (capacity * 3);
            if (op >= 0) {
                if (model.contains(block) || model.size() < capacity) {
                    model.remove(block);
                    model.addLast(block);
                    o.request(block, 0);
                }
            } else {
                assertThat(o.remove(block)).isEqualTo(model.remove(block));
            }
            assertThat(o.size()).isEqualTo(model.size());
            assertThat(o.oldest()).isEqualTo(model.isEmpty() ? -1 : model.peekFirst());
            for (int b = 0; b < capacity * 3; b++) {
                assertThat(o.contains(b)).isEqualTo(model.contains(b));
            }
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<java.util.List<Integer>> ops() {
        return net.jqwik.api.Arbitraries.integers().between(-200, 200).list().ofMaxSize(300);
    }
}
