package org.ptpmesh.transfer.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a name in a directory is, looked at without following a link: a symbolic link is a link,
 * not the file it points to, and a regular file says how many names (hard links) it has. A
 * regular file with a second name may be the very file of another directory, or of another user:
 * a receiver never writes through one and a server never serves one.
 *
 * @param attributes the entry's attributes, null when there is no such entry
 * @param links      how many names the file has (1 where the file system does not say)
 */
record DirectoryEntry(BasicFileAttributes attributes, int links) {

    static DirectoryEntry at(Path path) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException absent) {
            return new DirectoryEntry(null, 0);
        }
        return new DirectoryEntry(a, a.isRegularFile() ? linksOf(path) : 1);
    }

    private static int linksOf(Path path) throws IOException {
        try {
            return (Integer) Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            return 1;
        }
    }

    boolean absent() {
        return attributes == null;
    }

    /** A regular file with one name only. */
    boolean singleFile() {
        return attributes != null && attributes.isRegularFile() && links == 1;
    }

    /** Why {@code path} (this entry) is not a regular file with one name, or null when it is one or absent. */
    String notSingleFile(Path path) {
        if (attributes == null || singleFile()) {
            return null;
        }
        if (attributes.isSymbolicLink()) {
            return path + " is a symbolic link";
        }
        if (attributes.isDirectory()) {
            return path + " is a directory";
        }
        if (!attributes.isRegularFile()) {
            return path + " is not a regular file";
        }
        return path + " has " + links + " links (its contents have another name too, maybe outside the directory)";
    }
}
