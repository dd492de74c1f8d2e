package org.ptpmesh.transfer;

import java.util.Arrays;

/**
 * The blocks a receiver has requested and not received, in the order of their latest request:
 * an intrusive doubly linked list over arrays indexed by block number, so adding, removing and
 * finding the oldest request cost O(1) and allocate nothing per block. Each request gets a
 * sequence number; a block whose request was overtaken by later ones is probably lost.
 */
final class Outstanding {

    private static final int NONE = -1;

    private final int[] next;
    private final int[] prev;
    private final long[] sentAt;
    private final long[] requestSeq;
    private final int[] retries;
    private final boolean[] member;
    private int head = NONE;
    private int tail = NONE;
    private int size;
    private int reRequested;
    private long nextSeq;

    Outstanding(int blocks) {
        next = new int[blocks];
        prev = new int[blocks];
        sentAt = new long[blocks];
        requestSeq = new long[blocks];
        retries = new int[blocks];
        member = new boolean[blocks];
        Arrays.fill(next, NONE);
        Arrays.fill(prev, NONE);
    }

    /** Records a (re-)request of {@code block} at {@code now}; it becomes the newest. */
    void request(int block, long now) {
        if (member[block]) {
            unlink(block);
        }
        member[block] = true;
        sentAt[block] = now;
        requestSeq[block] = nextSeq++;
        prev[block] = tail;
        next[block] = NONE;
        if (tail != NONE) {
            next[tail] = block;
        } else {
            head = block;
        }
        tail = block;
        size++;
    }

    /** Takes {@code block} off the list; false if it was not on it. */
    boolean remove(int block) {
        if (!member[block]) {
            return false;
        }
        unlink(block);
        member[block] = false;
        if (retries[block] > 0) {
            reRequested--;
        }
        return true;
    }

    private void unlink(int block) {
        int p = prev[block];
        int n = next[block];
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

    boolean contains(int block) {
        return member[block];
    }

    /** The block requested longest ago, or -1. */
    int oldest() {
        return head;
    }

    int size() {
        return size;
    }

    long sentAt(int block) {
        return sentAt[block];
    }

    long requestSeq(int block) {
        return requestSeq[block];
    }

    int retries(int block) {
        return retries[block];
    }

    /** Counts a re-request of {@code block}, which is on the list. */
    void countRetry(int block) {
        if (retries[block]++ == 0) {
            reRequested++;
        }
    }

    /** Blocks on the list that were asked for more than once (their first request or answer was lost). */
    int reRequested() {
        return reRequested;
    }
}
