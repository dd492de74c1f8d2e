package org.ptpmesh.transfer.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes blocks into the part file, joining a run of consecutive blocks into one positional
 * write. Blocks mostly arrive in order, and one write per block was one system call (and a copy
 * into a temporary direct buffer) per datagram on the receiving loop. A block that does not
 * continue the run, or does not fit, writes the run out first; so does {@link #flush}.
 * Only once a run is written is it reported {@link Stored}, so nothing (the journal, the
 * hashing thread) learns of a block before its bytes are in the file.
 */
final class RunWriter {

    /** Told the blocks {@code first} to {@code first + count - 1} are in the file. */
    @FunctionalInterface
    interface Stored {
        void stored(int first, int count);
    }

    static final int CAPACITY = 256 << 10;

    private final FileChannel channel;
    private final Stored stored;
    private final ByteBuffer run = ByteBuffer.allocateDirect(CAPACITY);
    private long runStart;
    private int firstBlock;
    private int blocks;

    RunWriter(FileChannel channel, Stored stored) {
        this.channel = channel;
        this.stored = stored;
    }

    void write(int block, long position, byte[] data, int off, int len) throws IOException {
        if (blocks > 0 && (position != runStart + run.position() || len > run.remaining())) {
            flush();
        }
        if (len > CAPACITY) {
            writeFully(ByteBuffer.wrap(data, off, len), position);
            stored.stored(block, 1);
            return;
        }
        if (blocks == 0) {
            runStart = position;
            firstBlock = block;
        }
        run.put(data, off, len);
        blocks++;
    }

    void flush() throws IOException {
        if (blocks == 0) {
            return;
        }
        run.flip();
        writeFully(run, runStart);
        run.clear();
        int first = firstBlock;
        int count = blocks;
        blocks = 0;
        stored.stored(first, count);
    }

    private void writeFully(ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }
}
