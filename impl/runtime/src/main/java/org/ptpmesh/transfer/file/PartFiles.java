package org.ptpmesh.transfer.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The files of one object in a receive directory: {@code NAME}, and the receiver's own
 * {@code .NAME.part} and {@code .NAME.journal} beside it (docs/transfer.md, "Files"). Whoever
 * else can write into the directory may plant a link (or a second name of another file) at any
 * of them, hoping the receiver writes through it: so nothing here follows a link, a file the
 * receiver makes is made with {@code CREATE_NEW} (which fails on anything there, a dangling link
 * included), and one it reopens to resume must be a regular file with no other name.
 */
final class PartFiles {

    final Path target;
    final Path part;
    final Path journal;

    PartFiles(Path dir, String name) {
        this.target = dir.resolve(name);
        this.part = dir.resolve("." + name + ".part");
        this.journal = dir.resolve("." + name + ".journal");
    }

    /** Why the part file or journal found in the directory cannot be this receiver's own, or null. */
    String foreign() throws IOException {
        for (Path own : new Path[] {part, journal}) {
            String why = DirectoryEntry.at(own).notSingleFile(own);
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    /** The part file of an earlier attempt, to resume: never through a link. */
    FileChannel reopenPart() throws IOException {
        return FileChannel.open(part, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * A new, empty part file, after deleting what an earlier attempt left (deleting a name never
     * touches what a link points to).
     */
    FileChannel createPart() throws IOException {
        delete();
        return FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
    }

    /** Deletes the part file and the journal. */
    void delete() throws IOException {
        Files.deleteIfExists(part);
        Files.deleteIfExists(journal);
    }

    /**
     * Gives the verified part file its name. With {@code replace}, a rename over whatever NAME
     * is now (a rename replaces the name, never writes through a link). Without, a hard link to
     * the new name, which fails rather than replace anything that appeared there meanwhile, then
     * the part file's name removed; on a file system without hard links, a move that looks first.
     *
     * @throws FileAlreadyExistsException when NAME appeared and {@code replace} is off
     */
    void moveIntoPlace(boolean replace) throws IOException {
        if (replace) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        try {
            Files.createLink(target, part);
        } catch (FileAlreadyExistsException taken) {
            throw taken;
        } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
            Files.move(part, target);
            return;
        }
        Files.delete(part);
    }
}
