package org.ptpmesh.identity;

import org.ptpmesh.secure.Identity;
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
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.LongSupplier;
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

    private static final Pattern LINE = Pattern.compile(PREFIX + " ([0-9a-f]{" + 2 * NoiseLimits.DH_LENGTH + "})\n?");

    /** Where a node keeps its identity unless told otherwise, under the XDG base directory for configuration. */
    static final String DEFAULT_NAME = "ptpmesh/identity";

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

    /**
     * The default identity file: {@code $XDG_CONFIG_HOME/ptpmesh/identity} when that variable is
     * set to an absolute path (the XDG base directory rule), else {@code ~/.config/ptpmesh/identity}.
     */
    public static Path defaultPath(Map<String, String> environment, String userHome) {
        String xdg = environment.get("XDG_CONFIG_HOME");
        Path config = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg) : Path.of(userHome, ".config");
        return config.resolve(DEFAULT_NAME);
    }

    /** The identity in {@code file}, which must exist, be a regular file of this user and be accessible to its owner only. */
    public static Identity load(Path file) throws IdentityException {
        return load(file, OwnerOnly.PROCESS_UID);
    }

    /** {@link #load(Path)}, for the user {@code uid} names. */
    static Identity load(Path file, LongSupplier uid) throws IdentityException {
        OwnerOnly.check(file, "the identity's private key", OwnerOnly.SECRET,
                ", unless someone else may have read it: then move it away to have a new identity made", uid);
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

    private static void create(Path file, SecureRandom random) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        OwnerOnly.createDirectories(directory);
        byte[] privateKey = new byte[NoiseLimits.DH_LENGTH];
        random.nextBytes(privateKey);
        byte[] line = (PREFIX + " " + HexFormat.of().formatHex(privateKey) + "\n").getBytes(StandardCharsets.US_ASCII);
        Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".new", OwnerOnly.FILE_ATTRIBUTE);
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
