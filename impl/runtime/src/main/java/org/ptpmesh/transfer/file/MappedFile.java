package org.ptpmesh.transfer.file;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A file mapped into memory in 1 GiB pieces, read by position: the sender copies each block out
 * without a system call, which is most of the cost of a block on a fast link. (The receiver
 * writes instead: see {@code DirectoryStore}.)
 */
final class MappedFile {

    private static final int CHUNK_BITS = 30;
    private static final long CHUNK = 1L << CHUNK_BITS;

    private final MappedByteBuffer[] chunks;

    MappedFile(FileChannel channel, long size, FileChannel.MapMode mode) throws IOException {
        chunks = new MappedByteBuffer[(int) ((size + CHUNK - 1) >>> CHUNK_BITS)];
        for (int i = 0; i < chunks.length; i++) {
            long start = (long) i << CHUNK_BITS;
            chunks[i] = channel.map(mode, start, Math.min(CHUNK, size - start));
        }
    }

    void get(long position, byte[] into, int off, int len) {
        while (len > 0) {
            MappedByteBuffer chunk = chunks[(int) (position >>> CHUNK_BITS)];
            int at = (int) (position & (CHUNK - 1));
            int n = Math.min(len, chunk.capacity() - at);
            chunk.get(at, into, off, n);
            position += n;
            off += n;
            len -= n;
        }
    }
}
