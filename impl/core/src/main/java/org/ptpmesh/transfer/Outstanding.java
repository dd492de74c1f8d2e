package org.ptpmesh.transfer;

/**
 * The blocks a receiver has requested and not received, in the order of their latest request.
 * Never more than the largest window are outstanding, so its state is sized by that, not by the
 * object: a slot per outstanding block (an intrusive doubly linked list over arrays) and an
 * open-addressing index from block number to slot. Adding, removing and finding the oldest
 * request cost O(1) and allocate nothing. Each request gets a sequence number; a block whose
 * request was overtaken by later ones is probably lost.
 */
final class Outstanding {

    private static final int NONE = -1;

    private final int capacity;
    private final int[] block;
    private final int[] next;
    private final int[] prev;
    private final long[] sentAt;
    private final long[] requestSeq;
    private final int[] retries;
    /** Free slots, a stack. */
    private final int[] free;
    private int freeCount;
    /** Linear-probing index: slot + 1 per cell, 0 for an empty cell; at most half full. */
    private final int[] index;
    private final int mask;
    private int head = NONE;
    private int tail = NONE;
    private int size;
    private int reRequested;
    private long nextSeq;

    /** Room for {@code capacity} outstanding blocks. */
    Outstanding(int capacity) {
        this.capacity = Math.max(1, capacity);
        block = new int[this.capacity];
        next = new int[this.capacity];
        prev = new int[this.capacity];
        sentAt = new long[this.capacity];
        requestSeq = new long[this.capacity];
        retries = new int[this.capacity];
        free = new int[this.capacity];
        for (int i = 0; i < this.capacity; i++) {
            free[i] = this.capacity - 1 - i;
        }
        freeCount = this.capacity;
        index = new int[Integer.highestOneBit(this.capacity) * 4];
        mask = index.length - 1;
    }

    /**
     * Records a (re-)request of {@code b} at {@code now}; it becomes the newest. A block not
     * outstanding yet starts with no retries.
     *
     * @throws IllegalStateException when {@code capacity} blocks are outstanding already
     */
    void request(int b, long now) {
        int slot = slotOf(b);
        if (slot != NONE) {
            unlink(slot);
        } else {
            if (freeCount == 0) {
                throw new IllegalStateException("more than " + capacity + " blocks outstanding");
            }
            slot = free[--freeCount];
            block[slot] = b;
            retries[slot] = 0;
            insert(b, slot);
        }
        sentAt[slot] = now;
        requestSeq[slot] = nextSeq++;
        prev[slot] = tail;
        next[slot] = NONE;
        if (tail != NONE) {
            next[tail] = slot;
        } else {
            head = slot;
        }
        tail = slot;
        size++;
    }

    /** Takes {@code b} off the list; false if it was not on it. */
    boolean remove(int b) {
        int slot = slotOf(b);
        if (slot == NONE) {
            return false;
        }
        unlink(slot);
        delete(b);
        free[freeCount++] = slot;
        if (retries[slot] > 0) {
            reRequested--;
        }
        return true;
    }

    private void unlink(int slot) {
        int p = prev[slot];
        int n = next[slot];
        if (p != NONE) {
            next[p] = n;
        } else {
            head = n;
        }
        if (n != NONE) {
            prev[n] = p;
        } else {
            tail = p;
        }
        size--;
    }

    boolean contains(int b) {
        return slotOf(b) != NONE;
    }

    /** The block requested longest ago, or -1. */
    int oldest() {
        return head == NONE ? -1 : block[head];
    }

    /** The block requested last, or -1. */
    int newest() {
        return tail == NONE ? -1 : block[tail];
    }

    int size() {
        return size;
    }

    long sentAt(int b) {
        return sentAt[slotOf(b)];
    }

    long requestSeq(int b) {
        return requestSeq[slotOf(b)];
    }

    int retries(int b) {
        return retries[slotOf(b)];
    }

    /** Counts a re-request of {@code b}, which is on the list. */
    void countRetry(int b) {
        if (retries[slotOf(b)]++ == 0) {
            reRequested++;
        }
    }

    /** Blocks on the list that were asked for more than once (their first request or answer was lost). */
    int reRequested() {
        return reRequested;
    }

    // ------------------------------------------------------------------ the index

    private static int hash(int b) {
        return b * 0x9E3779B9;
    }

    private int slotOf(int b) {
        for (int i = hash(b) & mask; ; i = (i + 1) & mask) {
            int cell = index[i];
            if (cell == 0) {
                return NONE;
            }
            if (block[cell - 1] == b) {
                return cell - 1;
            }
        }
    }

    private void insert(int b, int slot) {
        int i = hash(b) & mask;
        while (index[i] != 0) {
            i = (i + 1) & mask;
        }
        index[i] = slot + 1;
    }

    /** Removes {@code b}'s cell and moves later cells of its run back, so no probe sequence breaks. */
    private void delete(int b) {
        int i = hash(b) & mask;
        while (block[index[i] - 1] != b) {
            i = (i + 1) & mask;
        }
        index[i] = 0;
        for (int j = (i + 1) & mask; index[j] != 0; j = (j + 1) & mask) {
            int home = hash(block[index[j] - 1]) & mask;
            // the cell at j may move to i if i lies cyclically between its home and j
            if (((j - home) & mask) >= ((j - i) & mask)) {
                index[i] = index[j];
                index[j] = 0;
                i = j;
            }
        }
    }
}
