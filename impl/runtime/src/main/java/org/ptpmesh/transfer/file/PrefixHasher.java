package org.ptpmesh.transfer.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.ptpmesh.transfer.Sha256;
import org.ptpmesh.transfer.TransferDefaults;
import org.ptpmesh.transfer.TransferStorageException;

/**
 * The SHA-256 of a file being assembled, computed beside the receiving loop over the prefix of
 * the file already stored. Hashing was about a quarter of the loop's time per block on a fast
 * link; here it runs on another thread (on another core, when there is one), in large pieces,
 * and the check at the end waits only for the last pieces (docs/performance.md, "Bulk transfer").
 *
 * <p>The loop only publishes how far the stored prefix reaches; when there is something new and
 * no turn is under way it hands a turn to a pool of {@value TransferDefaults#HASHING_THREADS}
 * threads shared by every reception of the process, which reads that prefix back from the file
 * (the page cache: it was just written) and hashes it. Nothing waits or polls while there is
 * nothing to hash, and the pool's threads end when idle, so a thousand offers that never send a
 * block cost no thread and no CPU here.
 */
final class PrefixHasher {

    private static final int PIECE = 1 << 16;
    /** Pieces one turn hashes (4 MiB) before it yields its thread to the other receptions' turns. */
    private static final int PIECES_PER_TURN = 64;
    private static final ThreadLocal<ByteBuffer> PIECES = ThreadLocal.withInitial(() -> ByteBuffer.allocate(PIECE));
    private static final ThreadPoolExecutor POOL = pool();

    private final FileChannel file;
    private final long size;
    private final MessageDigest digest = Sha256.digest();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    /** Bytes hashed: written only by the turn under way (one at a time, ordered by {@link #scheduled}). */
    private long hashed;
    private volatile long stored;
    private volatile boolean stopped;
    private volatile Throwable failure;

    PrefixHasher(FileChannel file, long size) {
        this.file = file;
        this.size = size;
        if (size == 0) {
            finished.countDown();
        }
    }

    private static ThreadPoolExecutor pool() {
        AtomicInteger serial = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(TransferDefaults.HASHING_THREADS, TransferDefaults.HASHING_THREADS,
                10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "ptpmesh-sha256-" + serial.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Threads the hashing pool runs now (they end after 10 s without work). */
    static int poolThreads() {
        return POOL.getPoolSize();
    }

    /** Bytes 0..{@code bytes}-1 of the file are stored and will not change. */
    void storedUpTo(long bytes) {
        stored = bytes;
        schedule();
    }

    private void schedule() {
        if (!stopped && scheduled.compareAndSet(false, true)) {
            POOL.execute(this::turn);
        }
    }

    /** Hashes what is stored, up to a turn's worth; another turn follows if more is there by the end. */
    private void turn() {
        ByteBuffer piece = PIECES.get();
        try {
            for (int pieces = 0; !stopped && hashed < stored && pieces < PIECES_PER_TURN; pieces++) {
                piece.clear().limit((int) Math.min(PIECE, stored - hashed));
                int n = file.read(piece, hashed);
                if (n < 0) {
                    throw new IOException("the file ends at " + hashed + " bytes, before its stored prefix");
                }
                digest.update(piece.array(), 0, n);
                hashed += n;
            }
        } catch (IOException e) {
            // a stopped transfer closes the file under this turn; any other failure fails the check
            failure = e;
            finished.countDown();
            return;
        } catch (Error e) {
            // the check at the end must not wait for a turn that died
            failure = e;
            finished.countDown();
            throw e;
        } finally {
            scheduled.set(false);
        }
        if (hashed == size) {
            finished.countDown();
        } else if (hashed < stored) {
            // published while this turn ran, or the turn yielded: the loop's schedule() may have found it busy
            schedule();
        }
    }

    /** With the whole file stored: waits for the last turn and returns the file's SHA-256. */
    byte[] digest() throws InterruptedException {
        if (stored != size) {
            throw new IllegalStateException("the SHA-256 is asked for with " + stored + " of " + size + " bytes stored");
        }
        schedule();
        finished.await();
        if (failure != null) {
            throw new TransferStorageException("cannot read back the stored object to hash it: " + failure, failure);
        }
        return digest.digest();
    }

    /** The transfer stopped short: no further turn starts; the digest is never asked for. */
    void stop() {
        stopped = true;
    }
}
