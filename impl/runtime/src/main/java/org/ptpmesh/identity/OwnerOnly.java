package org.ptpmesh.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The rule every file of a node's keys follows (the identity, the known introducers, the key
 * log): a regular file of the user running the node, which no one else may write (nor, for a
 * secret, read). A file that breaks it is refused, never repaired: the message says what is
 * wrong and the command that fixes it, since only the user knows whether someone else used it.
 */
final class OwnerOnly {

    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    static final FileAttribute<Set<PosixFilePermission>> FILE_ATTRIBUTE = PosixFilePermissions.asFileAttribute(FILE);
    static final FileAttribute<Set<PosixFilePermission>> DIRECTORY_ATTRIBUTE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    /** Nobody but the owner may do anything with a secret (a private key, session keys). */
    static final Set<PosixFilePermission> SECRET = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** Public keys may be read by anyone, as ssh's known_hosts: what matters is that no one else changes them. */
    static final Set<PosixFilePermission> TRUSTED = EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private static final int GROUP_OR_OTHERS_WRITE = 0022;
    private static final int STICKY = 01000;
    private static final long ROOT = 0;

    /** The user id of this process, as the file system records owners; -1 where there is none (no POSIX). */
    static final LongSupplier PROCESS_UID = OwnerOnly::processUid;

    private OwnerOnly() {
    }

    /**
     * Checks that {@code file} is a regular file owned by {@code uid} that grants none of
     * {@code forbidden}.
     *
     * @param what the file's role in messages ("the identity's private key")
     * @param ifShared what to do beyond chmod when others may have used it (for a secret: make a new one)
     */
    static void check(Path file, String what, Set<PosixFilePermission> forbidden, String ifShared, LongSupplier uid)
            throws IdentityException {
        Set<PosixFilePermission> permissions;
        Object owner;
        try {
            if (!Files.isRegularFile(file)) {
                throw new IdentityException(IdentityException.Reason.UNUSABLE, file + ": " + what + " is not a regular file");
            }
            permissions = Files.getPosixFilePermissions(file);
            owner = Files.getAttribute(file, "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            throw new IdentityException(IdentityException.Reason.UNUSABLE, file + ": cannot read the permissions of " + what + ": " + e, e);
        }
        long self = uid.getAsLong();
        if (self >= 0 && ((Number) owner).longValue() != self) {
            throw new IdentityException(IdentityException.Reason.FOREIGN, file + ": " + what + " belongs to user id " + owner
                    + ", not to the user running this (" + self + "): that user could have replaced or read it. If the file is yours,"
                    + " sudo chown " + self + " '" + file + "' fixes it" + ifShared);
        }
        if (permissions.stream().anyMatch(forbidden::contains)) {
            throw new IdentityException(IdentityException.Reason.EXPOSED, file + ": " + what + " is open to group or others ("
                    + PosixFilePermissions.toString(permissions) + "); chmod 600 '" + file + "' fixes it" + ifShared);
        }
        checkDirectory(file.toAbsolutePath().getParent(), file, what, self);
    }

    /**
     * Whoever may write the directory may replace the file in it, whatever the file's own
     * permissions (as ssh checks): the directory must be this user's or root's, and writable by
     * no one else, unless it is sticky (as /tmp), where only a file's owner may rename or remove it.
     */
    private static void checkDirectory(Path directory, Path file, String what, long self) throws IdentityException {
        int mode;
        long owner;
        try {
            mode = (Integer) Files.getAttribute(directory, "unix:mode");
            owner = ((Number) Files.getAttribute(directory, "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            throw new IdentityException(IdentityException.Reason.UNUSABLE, directory + ": cannot read the permissions of the directory of "
                    + what + ": " + e, e);
        }
        if (self >= 0 && owner != self && owner != ROOT) {
            throw new IdentityException(IdentityException.Reason.FOREIGN, directory + ": the directory of " + what + " (" + file
                    + ") belongs to user id " + owner + ", who could replace it; keep the file in a directory of your own");
        }
        if ((mode & GROUP_OR_OTHERS_WRITE) != 0 && (mode & STICKY) == 0) {
            throw new IdentityException(IdentityException.Reason.EXPOSED, directory + ": group or others may write the directory of "
                    + what + " (" + file + ") and so replace it; chmod go-w '" + directory + "' fixes it");
        }
    }

    /** Creates {@code directory} and its missing parents, those it makes owner-only. */
    static void createDirectories(Path directory) throws IOException {
        Files.createDirectories(directory, DIRECTORY_ATTRIBUTE);
    }

    private static long processUid() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid();
        } catch (LinkageError | RuntimeException notUnix) {
            return -1;
        }
    }
}
