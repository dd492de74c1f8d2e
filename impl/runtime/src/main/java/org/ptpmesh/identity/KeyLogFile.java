package org.ptpmesh.identity;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.ptpmesh.noise.NoiseLimits;
import org.ptpmesh.secure.KeyLog;
import org.ptpmesh.wire.PeerId;

/**
 * The key log (docs/protocol.md 6.9): one {@code PTPMESH_SEAL} line per session and direction,
 * appended to the file {@value #VARIABLE} names, as SSLKEYLOGFILE does for TLS. The file holds
 * secrets: it is created owner-only, and an existing one others may read is refused. Each line
 * is one write to a file opened for appending, so lines of several threads, or of several
 * processes sharing the file, never mix, and each is in the file when {@link #sealKey} returns.
 */
public final class KeyLogFile implements KeyLog, Closeable {

    public static final String VARIABLE = "PTPMESH_KEYLOG";

    static final String LABEL = "PTPMESH_SEAL";

    private static final long MAX_SESSION = 0xFFFF_FFFFL;

    private final Path file;
    private final FileChannel channel;
    private final Consumer<String> warnings;
    private boolean failed;

    private KeyLogFile(Path file, FileChannel channel, Consumer<String> warnings) {
        this.file = file;
        this.channel = channel;
        this.warnings = warnings;
    }

    /**
     * The key log {@value #VARIABLE} asks for, or {@link KeyLog#NONE} when it is unset or empty.
     * An active log is announced on {@code warnings}, since it holds secrets.
     */
    public static KeyLog fromEnvironment(Map<String, String> environment, Consumer<String> warnings) throws IdentityException {
        String name = environment.get(VARIABLE);
        if (name == null || name.isEmpty()) {
            return KeyLog.NONE;
        }
        KeyLogFile log = open(Path.of(name), warnings, OwnerOnly.PROCESS_UID);
        warnings.accept("warning: " + VARIABLE + " is set: the keys of this node's sessions are written to " + log.file
                + "; whoever reads it can read the node's sealed traffic. Meant for debugging: unset it otherwise");
        return log;
    }

    static KeyLogFile open(Path file, Consumer<String> warnings, LongSupplier uid) throws IdentityException {
        FileChannel channel;
        try {
            try {
                channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.APPEND), OwnerOnly.FILE_ATTRIBUTE);
            } catch (FileAlreadyExistsException exists) {
                OwnerOnly.check(file, "the key log", OwnerOnly.SECRET, ", and it may hold keys someone else has read", uid);
                channel = FileChannel.open(file, StandardOpenOption.APPEND);
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new IdentityException(IdentityException.Reason.UNUSABLE, file + ": cannot open the key log (" + VARIABLE + "): " + e, e);
        }
        return new KeyLogFile(file, channel, warnings);
    }

    @Override
    public synchronized void sealKey(PeerId sender, long peerSession, byte[] key) {
        if (peerSession < 0 || peerSession > MAX_SESSION || key.length != NoiseLimits.KEY_LENGTH) {
            throw new IllegalArgumentException("a key log line takes a 32-bit session index and a " + NoiseLimits.KEY_LENGTH
                    + "-byte key, got " + peerSession + " and " + key.length + " bytes");
        }
        if (failed) {
            return;
        }
        String line = LABEL + " " + sender + " " + String.format("%08x", peerSession) + " " + HexFormat.of().formatHex(key) + "\n";
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            // the node goes on without it: a debugging aid must not stop the traffic it explains
            failed = true;
            warnings.accept("the key log " + file + " failed, no more keys are written to it: " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
