package org.ptpmesh.transfer.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;
import org.ptpmesh.transfer.Offer;

/**
 * The list of blocks a receiver has stored in its partial file, so a restarted receiver asks
 * only for the others. A header names the object (SHA-256, size, block size); then one 4-byte
 * block number per stored block, appended after the block's bytes were written. Entries are
 * buffered and written in groups: a receiver killed in between fetches a few blocks twice, never
 * trusts a block it did not write.
 */
final class Journal implements AutoCloseable {

    private static final int MAGIC = 0x50544a31; // "PTJ1"
    private static final int HEADER = 4 + 32 + 8 + 4;
    private static final int GROUP = 256;

    private final FileChannel channel;
    private final ByteBuffer pending = ByteBuffer.allocate(GROUP * 4);

    private Journal(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Opens the journal of {@code offer}'s object, marking in {@code have} the blocks it lists;
     * a journal of another object (or none, or a damaged one) starts over.
     *
     * @return the journal, and in {@code have} the blocks stored before
     */
    static Journal open(Path path, Offer offer, BitSet have) throws IOException {
        have.clear();
        if (Files.exists(path) && readInto(path, offer, have)) {
            return new Journal(FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        }
        FileChannel c = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(MAGIC).put(offer.sha256()).putLong(offer.size())
                .putInt(offer.blockSize()).flip();
        while (header.hasRemaining()) {
            c.write(header);
        }
        return new Journal(c);
    }

    private static boolean readInto(Path path, Offer offer, BitSet have) throws IOException {
        if (Files.size(path) > HEADER + 4L * offer.blockCount()) {
            // longer than a journal of this object can be: damaged, and not worth reading whole
            return false;
        }
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(path));
        if (all.remaining() < HEADER || all.getInt() != MAGIC) {
            return false;
        }
        byte[] sha = new byte[32];
        all.get(sha);
        if (!Arrays.equals(sha, offer.sha256()) || all.getLong() != offer.size() || all.getInt() != offer.blockSize()) {
            return false;
        }
        while (all.remaining() >= 4) {
            int block = all.getInt();
            if (block < 0 || block >= offer.blockCount()) {
                have.clear();
                return false;
            }
            have.set(block);
        }
        return true;
    }

    void add(int block) throws IOException {
        pending.putInt(block);
        if (!pending.hasRemaining()) {
            flush();
        }
    }

    void flush() throws IOException {
        pending.flip();
        while (pending.hasRemaining()) {
            channel.write(pending);
        }
        pending.clear();
    }

    @Override
    public void close() throws IOException {
        flush();
        channel.close();
    }
}
