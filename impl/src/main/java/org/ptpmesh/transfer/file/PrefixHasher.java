package org.ptpmesh.transfer.file;

import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.ptpmesh.transfer.Sha256;

/**
 * The SHA-256 of a file being assembled, computed on a thread of its own over the prefix of the
 * file already stored. Hashing was about a quarter of the receiving loop's time per block on a
 * fast link; here it runs beside the loop (on another core, when there is one), in large pieces,
 * and the check at the end waits only for the last pieces (docs/performance.md, "Bulk transfer").
 *
 * <p>The loop thread only publishes how far the stored prefix reaches; the hashing thread reads
 * that prefix back from the mapped file, which the loop no longer writes.
 */
final class PrefixHasher {

    /** How long the hashing thread sleeps when it has caught up: short against a transfer, rare against a block. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int PIECE = 1 << 16;

    private final MappedFile mapped;
    private final long size;
    private final MessageDigest digest = Sha256.digest();
    private final Thread thread;
    private volatile long stored;
    private volatile boolean stopped;

    PrefixHasher(MappedFile mapped, long size, String name) {
        this.mapped = mapped;
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
        byte[] piece = new byte[PIECE];
        long hashed = 0;
        while (!stopped && hashed < size) {
            long end = stored;
            if (hashed == end) {
                LockSupport.parkNanos(IDLE_NANOS);
                continue;
            }
            int n = (int) Math.min(PIECE, end - hashed);
            mapped.get(hashed, piece, 0, n);
            digest.update(piece, 0, n);
            hashed += n;
        }
    }

    /** With the whole file stored: waits for the hashing thread and returns the file's SHA-256. */
    byte[] digest() throws InterruptedException {
        if (stored != size) {
            throw new IllegalStateException("the SHA-256 is asked for with " + stored + " of " + size + " bytes stored");
        }
        LockSupport.unpark(thread);
        thread.join();
        return digest.digest();
    }

    /** The transfer stopped short: the thread ends; the digest is never asked for. */
    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }
}
