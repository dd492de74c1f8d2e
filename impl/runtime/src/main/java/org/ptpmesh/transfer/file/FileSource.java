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
import org.ptpmesh.transfer.Sha256;
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
        if (position < 0 || position + length > size) {
            throw new TransferStorageException("cannot read " + file + ": bytes " + position + "-" + (position + length)
                    + " lie outside its " + size + " bytes", null);
        }
        mapped.get(position, into, 0, length);
    }

    /** The SHA-256 of the whole file, for the OFFER. */
    public byte[] sha256() throws IOException {
        return hash(channel, size);
    }

    static byte[] hash(FileChannel channel, long size) throws IOException {
        return hash(channel, size, done -> { });
    }

    /** The SHA-256 of the first {@code size} bytes, telling {@code progress} the bytes hashed after each MiB. */
    static byte[] hash(FileChannel channel, long size, LongConsumer progress) throws IOException {
        MessageDigest digest = Sha256.digest();
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        long position = 0;
        while (position < size) {
            chunk.clear();
            int n = channel.read(chunk, position);
            if (n < 0) {
                break;
            }
            digest.update(chunk.array(), 0, n);
            position += n;
            progress.accept(position);
        }
        return digest.digest();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
