package org.ptpmesh.identity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.ptpmesh.secure.IntroducerTrust;
import org.ptpmesh.wire.Endpoint;

/**
 * The introducers' keys a client trusts (docs/protocol.md 6.9), as ssh trusts hosts: keys
 * pinned on the command line first, then those recorded in the file {@value #FILE_NAME} beside
 * the identity, one {@code HOST:PORT KEY} line per introducer, the key in base64. An introducer
 * met for the first time is recorded and trusted; one whose key differs from its pin or its
 * line is refused, with the line to delete if the change is legitimate.
 *
 * <p>A recording rewrites the file under a temporary name, owner-only, and renames it over the
 * old one: a reader never sees half a line. Two processes recording at the same moment may lose
 * one of the two new lines, which is recorded again at that introducer's next first use.
 */
public final class KnownIntroducers implements IntroducerTrust {

    public static final String FILE_NAME = "known_introducers";

    /** Introducers recorded at most: a client meets a handful, and the file is read whole. */
    static final int MAX_ENTRIES = 4_096;

    /** A line is at most a bracketed IPv6 address, a port and a key: some 100 bytes. */
    static final int MAX_FILE_BYTES = MAX_ENTRIES * 128;

    private static final String HEADER = "# ptpmesh known introducers: HOST:PORT KEY (base64), one a line, recorded at first"
            + " contact.\n# Delete an introducer's line to trust a new key of its.\n";

    /** A key recorded in the file, and the line that records it (for the message that names it). */
    private record Recorded(byte[] key, int line) {
    }

    private final Path file;
    private final Map<Endpoint, byte[]> pins;
    private final Consumer<String> refusals;
    private final LongSupplier uid;
    private Map<Endpoint, Recorded> recorded;

    private KnownIntroducers(Path file, Map<Endpoint, byte[]> pins, Consumer<String> refusals, LongSupplier uid)
            throws IdentityException {
        this.file = file;
        this.pins = Map.copyOf(pins);
        this.refusals = refusals;
        this.uid = uid;
        this.recorded = read();
    }

    /**
     * The trust of {@code file} (which need not exist yet) and of {@code pins}, which win over it.
     *
     * @param refusals told why an introducer is refused, and of a recording that failed
     * @throws IdentityException when the file exists but others may change it, or a line is not {@code HOST:PORT KEY}
     */
    public static KnownIntroducers open(Path file, Map<Endpoint, byte[]> pins, Consumer<String> refusals) throws IdentityException {
        return open(file, pins, refusals, OwnerOnly.PROCESS_UID);
    }

    static KnownIntroducers open(Path file, Map<Endpoint, byte[]> pins, Consumer<String> refusals, LongSupplier uid)
            throws IdentityException {
        return new KnownIntroducers(file, pins, refusals, uid);
    }

    /** The known introducers' file of the identity in {@code identityFile}: beside it. */
    public static Path beside(Path identityFile) {
        return identityFile.toAbsolutePath().resolveSibling(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized byte[] expectedKey(Endpoint introducer) {
        byte[] pin = pins.get(introducer);
        if (pin != null) {
            return pin.clone();
        }
        Recorded known = recorded.get(introducer);
        return known == null ? null : known.key().clone();
    }

    /**
     * Accepts {@code key} if it is {@code introducer}'s pin or recorded key, or if there is
     * neither, after recording it. The file is read again first: another process may have
     * recorded the introducer meanwhile.
     */
    @Override
    public synchronized boolean firstUse(Endpoint introducer, byte[] key) {
        byte[] pin = pins.get(introducer);
        if (pin != null) {
            if (Arrays.equals(pin, key)) {
                return true;
            }
            refusals.accept("introducer " + introducer + " shows the key " + PublicKeys.format(key) + ", not the key pinned for it ("
                    + PublicKeys.format(pin) + "): refused, as it may be someone between you and it");
            return false;
        }
        try {
            recorded = read();
        } catch (IdentityException e) {
            refusals.accept("introducer " + introducer + " refused: " + e.getMessage());
            return false;
        }
        Recorded known = recorded.get(introducer);
        if (known != null) {
            if (Arrays.equals(known.key(), key)) {
                return true;
            }
            refusals.accept("introducer " + introducer + " shows the key " + PublicKeys.format(key) + ", but " + file + " line "
                    + known.line() + " records " + PublicKeys.format(known.key()) + " for it: refused, as it may be someone"
                    + " between you and it. If its key changed legitimately (a new identity on the introducer), delete line "
                    + known.line() + " of " + file + " and connect again");
            return false;
        }
        if (recorded.size() >= MAX_ENTRIES) {
            refusals.accept("introducer " + introducer + " refused: " + file + " already records " + MAX_ENTRIES
                    + " introducers, the most it may; delete the lines of those no longer used");
            return false;
        }
        try {
            record(introducer, key);
        } catch (IOException e) {
            refusals.accept("introducer " + introducer + " trusted for this run only: recording its key in " + file
                    + " failed: " + e.getMessage());
        }
        return true;
    }

    private void record(Endpoint introducer, byte[] key) throws IOException {
        String before = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : HEADER;
        String after = before + (before.isEmpty() || before.endsWith("\n") ? "" : "\n")
                + introducer + " " + PublicKeys.format(key) + "\n";
        Path directory = file.toAbsolutePath().getParent();
        OwnerOnly.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + FILE_NAME, ".new", OwnerOnly.FILE_ATTRIBUTE);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(after.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
        recorded.put(introducer, new Recorded(key.clone(), (int) after.lines().count()));
    }

    private Map<Endpoint, Recorded> read() throws IdentityException {
        Map<Endpoint, Recorded> keys = new HashMap<>();
        if (!Files.exists(file)) {
            return keys;
        }
        OwnerOnly.check(file, "the known introducers' file", OwnerOnly.TRUSTED, "", uid);
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new IdentityException(IdentityException.Reason.UNUSABLE, file + ": cannot read the known introducers: " + e.getMessage(), e);
        }
        if (content.length > MAX_FILE_BYTES) {
            throw new IdentityException(IdentityException.Reason.MALFORMED, file + ": more than " + MAX_FILE_BYTES
                    + " bytes, not a known introducers' file; delete the lines of introducers no longer used");
        }
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                parse(line, i + 1, keys);
            }
        }
        return keys;
    }

    private void parse(String line, int number, Map<Endpoint, Recorded> keys) throws IdentityException {
        String[] fields = line.split("\\s+");
        Endpoint introducer;
        byte[] key;
        try {
            if (fields.length != 2) {
                throw new IllegalArgumentException("expected HOST:PORT KEY");
            }
            introducer = Endpoint.parse(fields[0]);
            key = PublicKeys.parse(fields[1]);
        } catch (IllegalArgumentException e) {
            throw new IdentityException(IdentityException.Reason.MALFORMED, file + " line " + number + ": " + e.getMessage()
                    + "; each line is HOST:PORT KEY, the key in base64 (fix or delete the line)");
        }
        Recorded earlier = keys.putIfAbsent(introducer, new Recorded(key, number));
        if (earlier != null) {
            throw new IdentityException(IdentityException.Reason.MALFORMED, file + " line " + number + ": " + introducer
                    + " is already on line " + earlier.line() + "; keep one of the two lines");
        }
        if (keys.size() > MAX_ENTRIES) {
            throw new IdentityException(IdentityException.Reason.MALFORMED, file + ": more than " + MAX_ENTRIES
                    + " introducers; delete the lines of those no longer used");
        }
    }
}
