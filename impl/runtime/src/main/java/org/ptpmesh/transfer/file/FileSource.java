package org.ptpmesh.transfer.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;
import org.ptpmesh.transfer.BlockSource;
import org.ptpmesh.transfer.HashTree;
import org.ptpmesh.transfer.Sha256;
import org.ptpmesh.transfer.TransferEndpoint;
import org.ptpmesh.transfer.TransferStorageException;

/** A file to send, mapped into memory: a block is a copy, not a system call. */
public final class FileSource implements BlockSource, AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final long size;
    private final MappedFile mapped;

    public FileSource(Path file) throws IOException {
        this(file, new OpenOption[0]);
    }

    /** Opened with more {@code options}: a served directory opens its files without following links. */
    FileSource(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> open = new HashSet<>(List.of(options));
        open.add(StandardOpenOption.READ);
        this.file = file;
        this.channel = FileChannel.open(file, open);
        this.size = channel.size();
        this.mapped = new MappedFile(channel, size, FileChannel.MapMode.READ_ONLY);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void read(long position, byte[] into, int length) {
        if (position < 0 || length < 0 || length > size - position) {
            throw new TransferStorageException("cannot read " + file + ": bytes " + position + "-" + (position + length)
                    + " lie outside its " + size + " bytes", null);
        }
        mapped.get(position, into, 0, length);
    }

    /** The SHA-256 of the whole file, for the OFFER. */
    public byte[] sha256() throws IOException {
        return hash(channel, size);
    }

    /** This file ready to offer in blocks of {@code blockSize}: its SHA-256 and hash tree, in one pass over it. */
    public TransferEndpoint.Shared shared(int blockSize) throws IOException {
        Digests d = digests(channel, size, blockSize, done -> { });
        return new TransferEndpoint.Shared(this, d.sha256(), d.tree());
    }

    /** What an OFFER carries about a file: its SHA-256 and the hash tree of its blocks. */
    record Digests(byte[] sha256, HashTree tree) {
    }

    static byte[] hash(FileChannel channel, long size) throws IOException {
        MessageDigest digest = Sha256.digest();
        read(channel, size, (chunk, n) -> digest.update(chunk, 0, n), done -> { });
        return digest.digest();
    }

    /**
     * The SHA-256 and the hash tree (blocks of {@code blockSize}) of the first {@code size} bytes,
     * telling {@code progress} the bytes hashed after each MiB.
     */
    static Digests digests(FileChannel channel, long size, int blockSize, LongConsumer progress) throws IOException {
        MessageDigest digest = Sha256.digest();
        HashTree.Builder tree = new HashTree.Builder(size, blockSize);
        long read = read(channel, size, (chunk, n) -> {
            digest.update(chunk, 0, n);
            tree.update(chunk, 0, n);
        }, progress);
        if (read != size) {
            throw new IOException("the file ended at " + read + " of its " + size + " bytes while it was hashed");
        }
        return new Digests(digest.digest(), tree.finish());
    }

    /** A piece of a file read in order. */
    @FunctionalInterface
    private interface Piece {
        void accept(byte[] chunk, int length);
    }

    /** Reads the first {@code size} bytes in 1 MiB pieces; returns how many there were. */
    private static long read(FileChannel channel, long size, Piece piece, LongConsumer progress) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        long position = 0;
        while (position < size) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), size - position));
            int n = channel.read(chunk, position);
            if (n < 0) {
                break;
            }
            piece.accept(chunk.array(), n);
            position += n;
            progress.accept(position);
        }
        return position;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
