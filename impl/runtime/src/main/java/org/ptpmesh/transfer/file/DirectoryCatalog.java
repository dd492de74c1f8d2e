package org.ptpmesh.transfer.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.ptpmesh.transfer.ObjectNames;
import org.ptpmesh.transfer.TransferDefaults;
import org.ptpmesh.transfer.TransferEndpoint;

/**
 * Serves the regular files of one directory by name, for {@code ptpmesh serve}: a FETCH of NAME
 * gets DIR/NAME when NAME is a safe object name ({@link ObjectNames}: no path separator, no
 * leading dot, so neither hidden files nor a receiver's {@code .NAME.part} and
 * {@code .NAME.journal}) and DIR/NAME is a regular file with no other name: not a symbolic link,
 * nor a hard link that may be a file of another directory (so nothing outside DIR is ever
 * served); files are opened without following links.
 *
 * <p>An OFFER carries the object's SHA-256, and {@link #lookup} runs on the event loop, where
 * hashing a big file would stall every transfer. So files are hashed before serving starts, by
 * {@link #open}, and files added or changed later on a thread of the catalog's own: a lookup
 * that finds a file unhashed, or changed since it was hashed (size, modification time or inode
 * differ), refuses it (its blocks would not match the hash) and has it hashed, so a later FETCH
 * gets it.
 *
 * <p>{@link #lookup} and {@link #close} are called from one thread at a time (the event loop,
 * then whoever stops it).
 */
public final class DirectoryCatalog implements TransferEndpoint.Catalog, AutoCloseable {

    /** What a catalog tells its user: hashing progress at the start, and why a lookup found nothing. */
    public interface Listener {

        /** {@code done} of {@code size} bytes of {@code name} hashed, in {@link #open}; after each MiB. */
        default void hashing(String name, long done, long size) {
        }

        /** A lookup of {@code name} found nothing to serve, because of {@code why}; on the event loop. */
        default void refused(String name, String why) {
        }
    }

    /** What must not change between hashing a file and serving it. */
    private record Stamp(long size, FileTime modified, Object fileKey) {
    }

    /** A hashed file; its source is opened at its first lookup and closed when it is replaced or the catalog closes. */
    private static final class Entry {
        final String name;
        final Stamp stamp;
        final FileSource.Digests digests;
        FileSource source;

        Entry(String name, Stamp stamp, FileSource.Digests digests) {
            this.name = name;
            this.stamp = stamp;
            this.digests = digests;
        }
    }

    private final Path dir;
    /** The blocks the files' hash trees are of: those the server offers, so no fetch hashes a file again. */
    private final int blockSize;
    private final Listener listener;
    private final ExecutorService hasher;
    /** Read and written by the lookup thread only (and by {@link #open} before serving starts). */
    private final Map<String, Entry> entries = new HashMap<>();
    /** Files the hashing thread finished, waiting for the next lookup to take them in. */
    private final Queue<Entry> hashed = new ConcurrentLinkedQueue<>();
    /** Names queued or being hashed, so a burst of FETCHes hashes a file once. */
    private final Set<String> hashing = ConcurrentHashMap.newKeySet();

    private DirectoryCatalog(Path dir, int blockSize, Listener listener, ExecutorService hasher) {
        this.dir = dir;
        this.blockSize = blockSize;
        this.listener = listener;
        this.hasher = hasher;
    }

    /**
     * Hashes every file DIR serves, on the calling thread (telling {@code listener} how far it
     * got), and returns the catalog of them, hashed for the blocks a direct route carries.
     *
     * @throws IOException when DIR cannot be listed
     */
    public static DirectoryCatalog open(Path dir, Listener listener) throws IOException {
        return open(dir, TransferDefaults.BLOCK_SIZE, listener);
    }

    /** {@link #open}, the hash trees of blocks of {@code blockSize}: those the server offers (a sealed one, smaller). */
    public static DirectoryCatalog open(Path dir, int blockSize, Listener listener) throws IOException {
        return open(dir, blockSize, listener, Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "catalog-hasher");
            t.setDaemon(true);
            return t;
        }));
    }

    /** {@link #open} with the executor that hashes files added or changed later (a test runs it inline). */
    static DirectoryCatalog open(Path dir, Listener listener, ExecutorService hasher) throws IOException {
        return open(dir, TransferDefaults.BLOCK_SIZE, listener, hasher);
    }

    private static DirectoryCatalog open(Path dir, int blockSize, Listener listener, ExecutorService hasher) throws IOException {
        DirectoryCatalog catalog = new DirectoryCatalog(dir.toRealPath(), blockSize, listener, hasher);
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(catalog.dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (ObjectNames.problem(name) == null && catalog.stamp(name) != null) {
                    names.add(name);
                }
            }
        }
        names.sort(null);
        for (String name : names) {
            Entry e = catalog.hash(name, true);
            if (e != null) {
                catalog.entries.put(name, e);
            }
        }
        return catalog;
    }

    /** The names served now, sorted. */
    public List<String> names() {
        takeHashed();
        List<String> names = new ArrayList<>(entries.keySet());
        names.sort(null);
        return names;
    }

    /** The directory served (its real path). */
    public Path dir() {
        return dir;
    }

    @Override
    public TransferEndpoint.Shared lookup(String name) {
        takeHashed();
        String unsafe = ObjectNames.problem(name);
        if (unsafe != null) {
            listener.refused(name, "the name " + unsafe + "; only plain file names in " + dir + " are served");
            return null;
        }
        Stamp now = stamp(name);
        Entry entry = entries.get(name);
        if (now == null) {
            forget(entry);
            listener.refused(name, whyNotServed(name));
            return null;
        }
        if (entry == null || !entry.stamp.equals(now)) {
            hashLater(name);
            listener.refused(name, (entry == null ? "not hashed yet" : "changed since it was hashed")
                    + "; hashing it now, a later fetch gets it");
            return null;
        }
        if (entry.source == null) {
            try {
                FileSource source = new FileSource(dir.resolve(name), LinkOption.NOFOLLOW_LINKS);
                if (source.size() != entry.stamp.size()) {
                    source.close();
                    listener.refused(name, "changed while it was opened");
                    return null;
                }
                entry.source = source;
            } catch (IOException e) {
                listener.refused(name, "cannot open it: " + e.getMessage());
                return null;
            }
        }
        return new TransferEndpoint.Shared(entry.source, entry.digests.sha256(), entry.digests.tree());
    }

    /** Stops the hashing thread and closes every file opened for serving. */
    @Override
    public void close() throws IOException {
        hasher.shutdownNow();
        takeHashed();
        for (Entry e : entries.values()) {
            closeSource(e);
        }
        entries.clear();
    }

    /** Takes in what the hashing thread finished; a replaced file's source is closed (its transfers keep their mapping). */
    private void takeHashed() {
        Entry e;
        while ((e = hashed.poll()) != null) {
            forget(entries.put(e.name, e));
        }
    }

    private void forget(Entry e) {
        if (e != null) {
            entries.remove(e.name, e);
            closeSource(e);
        }
    }

    private static void closeSource(Entry e) {
        if (e.source == null) {
            return;
        }
        try {
            // the mapping outlives the channel, so a transfer still reading this version is unharmed
            e.source.close();
        } catch (IOException ignored) {
            // closing a read-only channel loses nothing
        }
        e.source = null;
    }

    private void hashLater(String name) {
        if (!hashing.add(name)) {
            return;
        }
        try {
            hasher.execute(() -> {
                try {
                    Entry e = hash(name, false);
                    if (e != null) {
                        hashed.add(e);
                    }
                } finally {
                    hashing.remove(name);
                }
            });
        } catch (RejectedExecutionException closed) {
            hashing.remove(name);
        }
    }

    /**
     * The SHA-256 and hash tree of DIR/NAME, or null when it is no regular file or changed while it was read
     * (a file being written is taken once it stands still).
     */
    private Entry hash(String name, boolean reportProgress) {
        Stamp before = stamp(name);
        if (before == null) {
            return null;
        }
        FileSource.Digests digests;
        try (FileChannel c = FileChannel.open(dir.resolve(name), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            // the tree for the blocks serve offers
            digests = FileSource.digests(c, before.size(), blockSize, done -> {
                if (reportProgress) {
                    listener.hashing(name, done, before.size());
                }
            });
        } catch (IOException e) {
            return null;
        }
        return Objects.equals(before, stamp(name)) ? new Entry(name, before, digests) : null;
    }

    /** Size, modification time and inode of DIR/NAME if it is a regular file with one name (a link is not), else null. */
    private Stamp stamp(String name) {
        try {
            DirectoryEntry e = DirectoryEntry.at(dir.resolve(name));
            BasicFileAttributes a = e.attributes();
            return e.singleFile() ? new Stamp(a.size(), a.lastModifiedTime(), a.fileKey()) : null;
        } catch (IOException gone) {
            return null;
        }
    }

    /** Why DIR/NAME, safe as a name, has no {@link #stamp}. */
    private String whyNotServed(String name) {
        Path file = dir.resolve(name);
        try {
            DirectoryEntry e = DirectoryEntry.at(file);
            if (e.attributes() != null && e.attributes().isRegularFile()) {
                return e.notSingleFile(file) + "; a file with another name is not served";
            }
        } catch (IOException unreadable) {
            return "cannot read " + file + ": " + unreadable.getMessage();
        }
        return "no such regular file in " + dir;
    }
}
