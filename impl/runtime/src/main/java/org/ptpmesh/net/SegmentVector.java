package org.ptpmesh.net;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A native array of {@code struct mmsghdr} whose entries each send a run of datagrams of a
 * {@link MessageVector} to one destination as one UDP GSO send: the entry points at the run's
 * consecutive iovecs and carries a {@code UDP_SEGMENT} control message with the datagrams'
 * size, and the kernel passes the run through its stack once and cuts it into the datagrams
 * at the end (docs/runtime.md). An entry for a run of one datagram carries no control message.
 */
final class SegmentVector {

    private static final int ENTRY = 64;
    private static final int CONTROL = 24;
    private static final int SOL_UDP = 17;
    private static final int UDP_SEGMENT = 103;

    private final Memory memory;
    private final ByteBuffer view;
    private final long base;
    private final int controls;

    SegmentVector(int capacity) {
        this.controls = capacity * ENTRY;
        this.memory = new Memory((long) controls + (long) capacity * CONTROL);
        memory.clear();
        this.view = memory.getByteBuffer(0, memory.size()).order(ByteOrder.nativeOrder());
        this.base = Pointer.nativeValue(memory);
    }

    /** Entry {@code index} sends datagrams {@code first} to {@code first + count - 1} of {@code from}, each {@code size} bytes but the last. */
    void set(int index, MessageVector from, int first, int count, int size) {
        int entry = index * ENTRY;
        view.putLong(entry, from.namePointer(first));
        view.putInt(entry + 8, from.nameLength(first));
        view.putLong(entry + 16, from.iovPointer(first));
        view.putLong(entry + 24, count);
        if (count > 1) {
            int control = controls + index * CONTROL;
            view.putLong(control, 16 + 2); // CMSG_LEN(sizeof(uint16_t))
            view.putInt(control + 8, SOL_UDP);
            view.putInt(control + 12, UDP_SEGMENT);
            view.putShort(control + 16, (short) size);
            view.putLong(entry + 32, base + control);
            view.putLong(entry + 40, CONTROL);
        } else {
            view.putLong(entry + 32, 0L);
            view.putLong(entry + 40, 0L);
        }
        view.putInt(entry + 48, 0);
    }

    Pointer entry(int index) {
        return memory.share((long) index * ENTRY);
    }
}
