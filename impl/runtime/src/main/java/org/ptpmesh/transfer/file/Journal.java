package org.ptpmesh.transfer.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
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
    /** Bytes a journal takes on disk beyond its entries. */
    static final int HEADER = 4 + 32 + 8 + 4;
    private static final int GROUP = 256;

    private final FileChannel channel;
    private final ByteBuffer pending = ByteBuffer.allocate(GROUP * 4);

    private Journal(FileChannel channel) {
        this.channel = channel;
    }

    /** Bytes the entries of {@code blocks} blocks take. */
    static long entryBytes(long blocks) {
        return 4 * blocks;
    }

    /**
     * Reads the journal of {@code offer}'s object at {@code path} (never through a link) into
     * {@code have}.
     *
     * @return whether it is that object's journal; if not (or there is none, or it is damaged, or
     *         longer than that object's journal can be) {@code have} is empty
     */
    static boolean read(Path path, Offer offer, BitSet have) throws IOException {
        have.clear();
        try (FileChannel c = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = c.size();
            if (size < HEADER || size > HEADER + entryBytes(offer.blockCount()) || size > Integer.MAX_VALUE) {
                return false;
            }
            ByteBuffer all = ByteBuffer.allocate((int) size);
            while (all.hasRemaining()) {
                if (c.read(all) < 0) {
                    break;
                }
            }
            return readInto(all.flip(), offer, have);
        } catch (NoSuchFileException none) {
            return false;
        }
    }

    /** A new journal of {@code offer}'s object at {@code path}: fails if anything, even a dangling link, is there. */
    static Journal create(Path path, Offer offer) throws IOException {
        FileChannel c = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try {
            ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(MAGIC).put(offer.sha256()).putLong(offer.size())
                    .putInt(offer.blockSize()).flip();
            while (header.hasRemaining()) {
                c.write(header);
            }
            return new Journal(c);
        } catch (IOException e) {
            c.close();
            throw e;
        }
    }

    /** The journal at {@code path}, which {@link #read} found to be the object's, to go on with. */
    static Journal append(Path path) throws IOException {
        return new Journal(FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS));
    }

    private static boolean readInto(ByteBuffer all, Offer offer, BitSet have) {
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
