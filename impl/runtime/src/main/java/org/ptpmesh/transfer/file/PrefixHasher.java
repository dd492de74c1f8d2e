package org.ptpmesh.transfer.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.ptpmesh.transfer.Sha256;
import org.ptpmesh.transfer.TransferStorageException;

/**
 * The SHA-256 of a file being assembled, computed on a thread of its own over the prefix of the
 * file already stored. Hashing was about a quarter of the receiving loop's time per block on a
 * fast link; here it runs beside the loop (on another core, when there is one), in large pieces,
 * and the check at the end waits only for the last pieces (docs/performance.md, "Bulk transfer").
 *
 * <p>The loop thread only publishes how far the stored prefix reaches; the hashing thread reads
 * that prefix back from the file (from the page cache, as it was just written), which the loop
 * no longer writes there.
 */
final class PrefixHasher {

    /** How long the hashing thread sleeps when it has caught up: short against a transfer, rare against a block. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int PIECE = 1 << 16;

    private final FileChannel file;
    private final long size;
    private final MessageDigest digest = Sha256.digest();
    private final Thread thread;
    private volatile long stored;
    private volatile boolean stopped;
    private volatile IOException failure;

    PrefixHasher(FileChannel file, long size, String name) {
        this.file = file;
        this.size = size;
        this.thread = new Thread(this::run, "ptpmesh-sha256-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Bytes 0..{@code bytes}-1 of the file are stored and will not change. */
    void storedUpTo(long bytes) {
        stored = bytes;
    }

    private void run() {
        ByteBuffer piece = ByteBuffer.allocate(PIECE);
        long hashed = 0;
        try {
            while (!stopped && hashed < size) {
                long end = stored;
                if (hashed == end) {
                    LockSupport.parkNanos(IDLE_NANOS);
                    continue;
                }
                piece.clear().limit((int) Math.min(PIECE, end - hashed));
                int n = file.read(piece, hashed);
                if (n < 0) {
                    throw new IOException("the file ends at " + hashed + " bytes, before its stored prefix");
                }
                digest.update(piece.array(), 0, n);
                hashed += n;
            }
        } catch (IOException e) {
            // a stopped transfer closes the file under this thread; any other failure fails the check
            failure = e;
        }
    }

    /** With the whole file stored: waits for the hashing thread and returns the file's SHA-256. */
    byte[] digest() throws InterruptedException {
        if (stored != size) {
            throw new IllegalStateException("the SHA-256 is asked for with " + stored + " of " + size + " bytes stored");
        }
        LockSupport.unpark(thread);
        thread.join();
        if (failure != null) {
            throw new TransferStorageException("cannot read back the stored object to hash it: " + failure.getMessage(), failure);
        }
        return digest.digest();
    }

    /** The transfer stopped short: the thread ends; the digest is never asked for. */
    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }
}
