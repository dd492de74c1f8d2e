package org.ptpmesh.transfer.file;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The disk space promised to the receptions under way in one directory. A part file is sparse
 * until its blocks arrive, so the free space the file system reports does not yet count what the
 * accepted transfers will write: without this ledger every concurrent offer saw the same free
 * space and together they could promise it several times over, then fail on a full disk. An
 * offer is accepted only when what it still needs fits the free space less the margin kept free
 * and less what was promised before; a reception gives its promise back as its blocks are written
 * (the file system counts them from then on) and, for the rest, when it ends.
 */
final class SpaceLedger {

    private final Path dir;
    private final DirectoryStore.FreeSpace freeSpace;
    private final long marginBytes;
    private long promised;

    SpaceLedger(Path dir, DirectoryStore.FreeSpace freeSpace, long marginBytes) {
        this.dir = dir;
        this.freeSpace = freeSpace;
        this.marginBytes = marginBytes;
    }

    /**
     * Promises {@code bytes} if they fit.
     *
     * @return null when promised, else why not (the figures a person needs to make room)
     */
    synchronized String promise(long bytes) throws IOException {
        long free = freeSpace.usableBytes(dir);
        long available = free - marginBytes - promised;
        if (bytes > available) {
            return "not enough free space in " + dir + ": " + bytes + " bytes needed, " + Math.max(0, available)
                    + " available (" + free + " free, less " + marginBytes + " kept free and " + promised
                    + " promised to receptions under way)";
        }
        promised += bytes;
        return null;
    }

    synchronized void release(long bytes) {
        promised -= bytes;
    }
}
