package org.ptpmesh.transfer.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.BitSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ptpmesh.transfer.BlockSink;
import org.ptpmesh.transfer.BlockStore;
import org.ptpmesh.transfer.ObjectNames;
import org.ptpmesh.transfer.Offer;
import org.ptpmesh.transfer.TransferDefaults;
import org.ptpmesh.transfer.TransferStorageException;
import org.ptpmesh.wire.PeerId;

/**
 * Receives objects into a directory. An object called NAME is assembled in {@code .NAME.part}
 * beside {@code .NAME.journal} (docs/transfer.md, "Resuming"), checked against its SHA-256, and
 * only then given its name. Nothing is written through a link planted in the directory
 * ({@link PartFiles}); an existing NAME is never replaced unless {@code force}, and a link or
 * anything else but a regular file at NAME never; an offer whose name is not safe
 * ({@link ObjectNames}), or that does not fit the free space left by the receptions under way
 * ({@link SpaceLedger}), is refused, and leaves no file behind.
 */
public final class DirectoryStore implements BlockStore {

    private final Path dir;
    private final boolean force;
    private final SpaceLedger space;
    /**
     * Names received now: a second offer under one of them (another object, or the same one
     * from another sender) would delete or share the first one's part file.
     */
    private final Set<String> receiving = ConcurrentHashMap.newKeySet();

    /** How many bytes a directory can still take; a test stands in for a full disk with it. */
    @FunctionalInterface
    public interface FreeSpace {
        FreeSpace OF_FILE_STORE = dir -> Files.getFileStore(dir).getUsableSpace();

        long usableBytes(Path dir) throws IOException;
    }

    public DirectoryStore(Path dir, boolean force) {
        this(dir, force, FreeSpace.OF_FILE_STORE);
    }

    /** Keeps {@link TransferDefaults#FREE_SPACE_MARGIN_BYTES} of {@code freeSpace} free. */
    public DirectoryStore(Path dir, boolean force, FreeSpace freeSpace) {
        this.dir = dir;
        this.force = force;
        this.space = new SpaceLedger(dir, freeSpace, TransferDefaults.FREE_SPACE_MARGIN_BYTES);
    }

    @Override
    public Opening open(Offer offer, PeerId from) {
        String name = offer.name();
        String unsafe = ObjectNames.problem(name);
        if (unsafe != null) {
            return new Refused("the object name " + unsafe + "; only a safe plain file name is accepted");
        }
        PartFiles files = new PartFiles(dir, name);
        try {
            DirectoryEntry existing = DirectoryEntry.at(files.target);
            if (!existing.absent()) {
                if (!existing.attributes().isRegularFile()) {
                    return new Refused(existing.notSingleFile(files.target) + "; only a regular file is ever replaced (with --force)");
                }
                if (existing.attributes().size() == offer.size()
                        && MessageDigest.isEqual(hashOf(files.target, offer.size()), offer.sha256())) {
                    return new AlreadyPresent();
                }
                if (!force) {
                    return new Refused(files.target + " exists and differs from the offered object; run again with --force to overwrite it");
                }
            }
            if (receiving.contains(name)) {
                return new Refused(files.target + " is being received from another offer; offer it again once that one ends");
            }
            String foreign = files.foreign();
            if (foreign != null) {
                return new Refused(foreign + ", not a file this receiver made; remove it to receive " + name);
            }
            BitSet have = new BitSet(offer.blockCount());
            boolean resume = Files.exists(files.part, LinkOption.NOFOLLOW_LINKS) && Journal.read(files.journal, offer, have);
            long missingBlocks = 0;
            long missingBytes = 0;
            for (int i = have.nextClearBit(0); i < offer.blockCount(); i = have.nextClearBit(i + 1)) {
                missingBlocks++;
                missingBytes += offer.blockLength(i);
            }
            long promise = missingBytes + Journal.entryBytes(missingBlocks) + (resume ? 0 : Journal.HEADER);
            String tight = space.promise(promise);
            if (tight != null) {
                return new Refused(tight);
            }
            try {
                FileSink sink = resume ? resumed(offer, files, have, promise) : fresh(offer, files, have, promise);
                receiving.add(name);
                return new Accepted(sink);
            } catch (IOException | RuntimeException e) {
                space.release(promise);
                throw e;
            }
        } catch (IOException e) {
            return new Refused("cannot store '" + name + "' in " + dir + ": " + e.getMessage());
        }
    }

    private FileSink resumed(Offer offer, PartFiles files, BitSet have, long promise) throws IOException {
        FileChannel channel = files.reopenPart();
        try {
            return new FileSink(offer, files, sized(channel, offer.size()), Journal.append(files.journal), have, promise);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private FileSink fresh(Offer offer, PartFiles files, BitSet have, long promise) throws IOException {
        FileChannel channel = files.createPart();
        Journal journal = null;
        try {
            journal = Journal.create(files.journal, offer);
            return new FileSink(offer, files, sized(channel, offer.size()), journal, have, promise);
        } catch (IOException e) {
            channel.close();
            Files.delete(files.part);
            if (journal != null) {
                journal.close();
                Files.delete(files.journal);
            }
            throw e;
        }
    }

    /** The part file at the object's size: sparse until blocks arrive; the promise covers what they need. */
    private static FileChannel sized(FileChannel channel, long size) throws IOException {
        if (channel.size() != size) {
            channel.truncate(Math.min(channel.size(), size));
            if (size > 0 && channel.size() < size) {
                channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
            }
        }
        return channel;
    }

    private static byte[] hashOf(Path file, long size) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return FileSource.hash(c, size);
        }
    }

    private final class FileSink implements BlockSink {
        private final Offer offer;
        private final PartFiles files;
        private final Path part;
        private final FileChannel channel;
        private final Journal journal;
        private final BitSet have;
        /** SHA-256 of the stored prefix, on a thread of its own, so the check at the end is short. */
        private final PrefixHasher hasher;
        /** The first block not stored: blocks before it form the prefix the hasher may read. */
        private int prefix;
        private final RunWriter writer;
        /** Blocks in the part file, from before and from this attempt: none, and there is nothing to resume. */
        private int storedBlocks;
        /** What is left of this reception's promise of free space. */
        private long promised;

        FileSink(Offer offer, PartFiles files, FileChannel channel, Journal journal, BitSet have, long promised) {
            this.offer = offer;
            this.files = files;
            this.part = files.part;
            this.channel = channel;
            this.promised = promised;
            storedBlocks = have.cardinality();
            this.journal = journal;
            this.have = have;
            this.hasher = new PrefixHasher(channel, offer.size());
            this.writer = new RunWriter(channel, this::stored);
            extendPrefix();
        }

        @Override
        public BitSet stored() {
            return (BitSet) have.clone();
        }

        @Override
        public void write(int block, byte[] data, int off, int len) {
            // a write, not a store into the mapping: a store faults the page in first, and a
            // fault on a part file's hole reads ahead and zeroes whole folios, which cost more than
            // the block itself (docs/performance.md, "Bulk transfer")
            try {
                writer.write(block, offer.blockStart(block), data, off, len);
            } catch (IOException e) {
                throw new TransferStorageException("cannot write block " + block + " to " + part + ": " + e.getMessage(), e);
            }
        }

        /** A run of blocks is in the file: only now do the journal and the hashing thread hear of them. */
        private void stored(int first, int count) {
            boolean extendsPrefix = false;
            long bytes = 0;
            for (int block = first; block < first + count; block++) {
                have.set(block);
                bytes += offer.blockLength(block) + Journal.entryBytes(1);
                extendsPrefix |= block == prefix;
                try {
                    journal.add(block);
                } catch (IOException e) {
                    throw new TransferStorageException("cannot write the journal of " + part + ": " + e.getMessage(), e);
                }
            }
            storedBlocks += count;
            // in the file now: the file system counts these bytes, the promise need not
            keepPromised(promised - bytes);
            if (extendsPrefix) {
                extendPrefix();
            }
        }

        /** The reception ends: its promise goes back, and its name is free for another offer. */
        private void end() {
            keepPromised(0);
            receiving.remove(offer.name());
        }

        /** Gives back what this reception promised beyond {@code bytes}. */
        private void keepPromised(long bytes) {
            long kept = Math.max(0, bytes);
            space.release(promised - kept);
            promised = kept;
        }

        private void flushRun() {
            try {
                writer.flush();
            } catch (IOException e) {
                throw new TransferStorageException("cannot write to " + part + ": " + e.getMessage(), e);
            }
        }

        /** Blocks that came early (or from the journal) join the prefix once the ones before them are in. */
        private void extendPrefix() {
            prefix = Math.min(have.nextClearBit(prefix), offer.blockCount());
            hasher.storedUpTo(prefix == offer.blockCount() ? offer.size() : offer.blockStart(prefix));
        }

        @Override
        public boolean verify(byte[] expected) {
            flushRun();
            if (prefix < offer.blockCount()) {
                throw new IllegalStateException("verify before block " + prefix + " was stored");
            }
            byte[] actual;
            try {
                actual = hasher.digest();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransferStorageException("interrupted while hashing " + part, e);
            }
            return MessageDigest.isEqual(actual, expected);
        }

        @Override
        public void commit() {
            end();
            try {
                // no fsync: the file survives the process, as any copy tool's; not a power cut
                channel.close();
                journal.close();
                files.moveIntoPlace(force);
                Files.deleteIfExists(files.journal);
            } catch (FileAlreadyExistsException e) {
                // the part file and journal stay: the same offer again, with --force, moves no block twice
                throw new TransferStorageException(files.target + " appeared during the transfer and is kept; the verified"
                        + " object stays in " + part + ": receive it again with --force to replace " + files.target, e);
            } catch (IOException e) {
                throw new TransferStorageException("cannot move " + part + " to " + files.target + ": " + e.getMessage(), e);
            }
        }

        /** Keeps what arrived for a resume; with nothing arrived there is nothing to resume, and the files go. */
        @Override
        public void suspend() {
            end();
            flushRun();
            hasher.stop();
            try {
                journal.close();
                channel.close();
                if (storedBlocks == 0) {
                    files.delete();
                }
            } catch (IOException e) {
                throw new TransferStorageException("cannot save the journal of " + part + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void discard() {
            end();
            hasher.stop();
            try {
                journal.close();
                channel.close();
                files.delete();
            } catch (IOException e) {
                throw new TransferStorageException("cannot delete " + part + ": " + e.getMessage(), e);
            }
        }
    }
}
