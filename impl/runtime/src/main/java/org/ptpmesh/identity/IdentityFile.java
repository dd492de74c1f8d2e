package org.ptpmesh.identity;

import org.ptpmesh.secure.Identity;
import org.ptpmesh.secure.KeyedPeerId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ptpmesh.noise.DhKeyPair;
import org.ptpmesh.noise.NoiseLimits;

/**
 * The file that keeps a node's long-term private key: made on first use, readable and writable
 * by its owner only, and refused, never repaired, when anyone else may read or write it.
 *
 * <p>One line: {@value #PREFIX}, a space, the 32-byte X25519 private key in hex, a newline.
 * The file is created with its permissions already rw------- (never widened later, so there is no
 * moment when it is readable by others), written and synced under a temporary name, then given
 * its name by a hard link, which fails rather than replace a file that appeared meanwhile: two
 * processes starting at once end up with one identity.
 */
public final class IdentityFile {

    static final String PREFIX = "ptpmesh-x25519-private-key";

    /** Enough for the one line and then some: a longer file is not an identity, and is not read on. */
    static final int MAX_FILE_BYTES = 256;

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final Pattern LINE = Pattern.compile(PREFIX + " ([0-9a-f]{" + 2 * NoiseLimits.DH_LENGTH + "})\n?");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private IdentityFile() {
    }

    /** The identity in {@code file}, made from {@code random} first if there is none (and its missing directories, owner-only). */
    public static Identity loadOrCreate(Path file, SecureRandom random) throws IdentityException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                create(file, random);
            } catch (FileAlreadyExistsException anotherProcessWasFirst) {
                // its identity is the one: read it below
            } catch (IOException | UnsupportedOperationException e) {
                throw new IdentityException(IdentityException.Reason.UNUSABLE, file + ": cannot create the identity file: " + e.getMessage(), e);
            }
        }
        return load(file);
    }

    /** The identity in {@code file}, which must exist, be a regular file and be accessible to its owner only. */
    public static Identity load(Path file) throws IdentityException {
        checkOwnerOnly(file);
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new IdentityException(IdentityException.Reason.UNUSABLE, file + ": cannot read the identity file: " + e.getMessage(), e);
        }
        Matcher line = LINE.matcher(new String(content, StandardCharsets.US_ASCII));
        if (content.length > MAX_FILE_BYTES || !line.matches()) {
            throw new IdentityException(IdentityException.Reason.MALFORMED, file + ": not a ptpmesh identity file (one line: "
                    + PREFIX + " and 64 hex digits); move it away to have a new identity made");
        }
        return new Identity(DhKeyPair.fromPrivateKey(HexFormat.of().parseHex(line.group(1))));
    }

    private static void checkOwnerOnly(Path file) throws IdentityException {
        Set<PosixFilePermission> permissions;
        try {
            if (!Files.isRegularFile(file)) {
                throw new IdentityException(IdentityException.Reason.UNUSABLE, file + ": the identity is not a regular file");
            }
            permissions = Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IdentityException(IdentityException.Reason.UNUSABLE, file + ": cannot read the identity file's permissions: " + e, e);
        }
        if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            throw new IdentityException(IdentityException.Reason.EXPOSED, file + ": the identity's private key is open to group or others ("
                    + PosixFilePermissions.toString(permissions) + "); if no one else has used it, chmod 600 it, else move it away to have a new identity made");
        }
    }

    private static void create(Path file, SecureRandom random) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory, OWNER_ONLY_DIRECTORY);
        byte[] privateKey = new byte[NoiseLimits.DH_LENGTH];
        random.nextBytes(privateKey);
        byte[] line = (PREFIX + " " + HexFormat.of().formatHex(privateKey) + "\n").getBytes(StandardCharsets.US_ASCII);
        Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".new", OWNER_ONLY_FILE);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                channel.write(ByteBuffer.wrap(line));
                channel.force(true);
            }
            Files.createLink(file, temporary);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
