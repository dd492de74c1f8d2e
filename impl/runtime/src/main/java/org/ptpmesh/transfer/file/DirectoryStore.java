package org.ptpmesh.transfer.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.BitSet;
import org.ptpmesh.transfer.BlockSink;
import org.ptpmesh.transfer.BlockStore;
import org.ptpmesh.transfer.Offer;
import org.ptpmesh.transfer.TransferStorageException;
import org.ptpmesh.wire.PeerId;

/**
 * Receives objects into a directory. An object called NAME is assembled in {@code .NAME.part}
 * beside {@code .NAME.journal} (docs/transfer.md, "Resuming"), checked against its SHA-256, and
 * only then renamed to NAME. An existing NAME is never replaced unless {@code force}; an offer
 * that does not fit the free space, or whose name is not a plain file name, is refused.
 */
public final class DirectoryStore implements BlockStore {

    private final Path dir;
    private final boolean force;
    private final FreeSpace freeSpace;

    /** How many bytes a directory can still take; a test stands in for a full disk with it. */
    @FunctionalInterface
    public interface FreeSpace {
        FreeSpace OF_FILE_STORE = dir -> Files.getFileStore(dir).getUsableSpace();

        long usableBytes(Path dir) throws IOException;
    }

    public DirectoryStore(Path dir, boolean force) {
        this(dir, force, FreeSpace.OF_FILE_STORE);
    }

    public DirectoryStore(Path dir, boolean force, FreeSpace freeSpace) {
        this.dir = dir;
        this.force = force;
        this.freeSpace = freeSpace;
    }

    @Override
    public Opening open(Offer offer, PeerId from) {
        String name = offer.name();
        String unsafe = unsafeName(name);
        if (unsafe != null) {
            return new Refused("object name '" + name + "' " + unsafe + "; only a plain file name is accepted");
        }
        Path target = dir.resolve(name);
        try {
            if (Files.exists(target)) {
                if (Files.isRegularFile(target) && Files.size(target) == offer.size()
                        && MessageDigest.isEqual(hashOf(target, offer.size()), offer.sha256())) {
                    return new AlreadyPresent();
                }
                if (!force) {
                    return new Refused(target + " exists and differs from the offered object; run again with --force to overwrite it");
                }
            }
            Path part = dir.resolve("." + name + ".part");
            Path journalPath = dir.resolve("." + name + ".journal");
            if (!Files.exists(part)) {
                // a journal is only true of the part file it was written beside
                Files.deleteIfExists(journalPath);
            }
            BitSet have = new BitSet();
            Journal journal = Journal.open(journalPath, offer, have);
            long stored = 0;
            for (int i = have.nextSetBit(0); i >= 0; i = have.nextSetBit(i + 1)) {
                stored += offer.blockLength(i);
            }
            long free = freeSpace.usableBytes(dir);
            if (offer.size() - stored > free) {
                journal.close();
                return new Refused("not enough free space in " + dir + ": " + (offer.size() - stored)
                        + " bytes needed, " + free + " available");
            }
            FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            if (channel.size() != offer.size()) {
                // sparse until blocks arrive; the free-space check above covers what they need
                channel.truncate(Math.min(channel.size(), offer.size()));
                if (offer.size() > 0 && channel.size() < offer.size()) {
                    channel.write(ByteBuffer.wrap(new byte[1]), offer.size() - 1);
                }
            }
            return new Accepted(new FileSink(offer, part, target, channel, journal, have));
        } catch (IOException e) {
            return new Refused("cannot store '" + name + "' in " + dir + ": " + e.getMessage());
        }
    }

    /** Why {@code name} is not a plain file name, or null if it is one. */
    public static String unsafeName(String name) {
        if (name.equals(".") || name.equals("..") || name.startsWith(".")) {
            return "starts with a dot";
        }
        if (name.length() > 200) {
            return "is longer than 200 characters";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c == ':' || c < 0x20 || c == 0x7f) {
                return "contains a path separator or a control character";
            }
        }
        return null;
    }

    private static byte[] hashOf(Path file, long size) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            return FileSource.hash(c, size);
        }
    }

    private final class FileSink implements BlockSink {
        private final Offer offer;
        private final Path part;
        private final Path target;
        private final FileChannel channel;
        private final Journal journal;
        private final BitSet have;
        /** SHA-256 of the stored prefix, on a thread of its own, so the check at the end is short. */
        private final PrefixHasher hasher;
        /** The first block not stored: blocks before it form the prefix the hasher may read. */
        private int prefix;
        private final RunWriter writer;

        FileSink(Offer offer, Path part, Path target, FileChannel channel, Journal journal, BitSet have) {
            this.offer = offer;
            this.part = part;
            this.target = target;
            this.channel = channel;
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
            for (int block = first; block < first + count; block++) {
                have.set(block);
                extendsPrefix |= block == prefix;
                try {
                    journal.add(block);
                } catch (IOException e) {
                    throw new TransferStorageException("cannot write the journal of " + part + ": " + e.getMessage(), e);
                }
            }
            if (extendsPrefix) {
                extendPrefix();
            }
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
            try {
                // no fsync: the file survives the process, as any copy tool's; not a power cut
                channel.close();
                journal.close();
                if (force) {
                    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
                }
                Files.deleteIfExists(dir.resolve("." + offer.name() + ".journal"));
            } catch (IOException e) {
                throw new TransferStorageException("cannot move " + part + " to " + target + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void suspend() {
            flushRun();
            hasher.stop();
            try {
                journal.close();
                channel.close();
            } catch (IOException e) {
                throw new TransferStorageException("cannot save the journal of " + part + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void discard() {
            hasher.stop();
            try {
                journal.close();
                channel.close();
                Files.deleteIfExists(part);
                Files.deleteIfExists(dir.resolve("." + offer.name() + ".journal"));
            } catch (IOException e) {
                throw new TransferStorageException("cannot delete " + part + ": " + e.getMessage(), e);
            }
        }
    }
}
