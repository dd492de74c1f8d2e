package org.ptpmesh.conformance.pcap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ptpmesh.cli.BoundedLineReader;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * A ptpmesh key log (docs/protocol.md 6.9, "Key log"): lines
 * {@code PTPMESH_SEAL <sender id, 32 hex> <addressee's PEERSESSION, 8 hex> <key, 64 hex>}, each
 * the key of the SEALED datagrams whose UUID and PEERSESSION are the line's. Blank lines and
 * lines starting with {@code #} are skipped, as in SSLKEYLOGFILE; any other line is refused with
 * its number and what is wrong with it, so a damaged log is never half read.
 */
public final class SealKeys {

    /** No key at all: every SEALED datagram stays sealed. */
    public static final SealKeys NONE = new SealKeys(Map.of());

    /** Lines a key log may hold: one per session and direction, so far more than any capture needs. */
    public static final int MAX_LINES = 1_000_000;

    /** Bytes of one line: a key line is 125, a comment may be longer. */
    public static final int MAX_LINE_BYTES = 1024;

    static final String LABEL = "PTPMESH_SEAL";
    private static final int KEY_LENGTH = 32;

    /** Who sealed, to which of the addressee's sessions. */
    private record Session(PeerId sender, long peerSession) {
    }

    private final Map<Session, byte[]> keys;

    private SealKeys(Map<Session, byte[]> keys) {
        this.keys = keys;
    }

    /** A refused key log: the message names the line and what is wrong with it. */
    public static final class BadKeyLogException extends IllegalArgumentException {
        BadKeyLogException(String message) {
            super(message);
        }
    }

    /**
     * @throws BadKeyLogException for a line that is not a key, or a second key for one session
     * @throws IOException        when the file cannot be read
     */
    public static SealKeys read(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            BoundedLineReader reader = new BoundedLineReader(in, MAX_LINE_BYTES);
            for (BoundedLineReader.Line line = reader.next(); line != null; line = reader.next()) {
                if (line.number() > MAX_LINES) {
                    throw new BadKeyLogException(file + ": more than " + MAX_LINES + " lines");
                }
                if (line.problem() != null) {
                    throw new BadKeyLogException(file + ": line " + line.number() + " is " + line.problem());
                }
                lines.add(line.text());
            }
        }
        try {
            return parse(lines);
        } catch (BadKeyLogException e) {
            throw new BadKeyLogException(file + ": " + e.getMessage());
        }
    }

    /** @throws BadKeyLogException for a line that is not a key, or a second key for one session */
    public static SealKeys parse(List<String> lines) {
        Map<Session, byte[]> keys = new HashMap<>();
        Map<Session, Integer> lineOf = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int number = i + 1;
            String[] fields = line.split("\\s+");
            if (!fields[0].equals(LABEL)) {
                throw bad(number, "starts with " + quote(fields[0]) + ", not " + LABEL);
            }
            if (fields.length != 4) {
                throw bad(number, "needs 3 fields after " + LABEL + " (sender id, PEERSESSION, key), has "
                        + (fields.length - 1));
            }
            Session session = new Session(PeerId.of(hex(number, "sender id", fields[1], TlvTypes.PEER_ID_LENGTH)),
                    Integer.toUnsignedLong(ByteBuffer.wrap(hex(number, "PEERSESSION", fields[2], Integer.BYTES)).getInt()));
            byte[] key = hex(number, "key", fields[3], KEY_LENGTH);
            byte[] earlier = keys.putIfAbsent(session, key);
            if (earlier != null && !Arrays.equals(earlier, key)) {
                throw bad(number, "gives sender " + fields[1] + " session " + fields[2]
                        + " another key than line " + lineOf.get(session));
            }
            lineOf.putIfAbsent(session, number);
        }
        return new SealKeys(Map.copyOf(keys));
    }

    /** The key of what {@code sender} sealed to the addressee's session {@code peerSession}, if logged. */
    public Optional<byte[]> keyFor(PeerId sender, long peerSession) {
        byte[] key = keys.get(new Session(sender, peerSession));
        return key == null ? Optional.empty() : Optional.of(key.clone());
    }

    public int size() {
        return keys.size();
    }

    private static byte[] hex(int line, String what, String field, int bytes) {
        if (field.length() != 2 * bytes) {
            throw bad(line, "has a " + what + " of " + field.length() + " hex digits, not " + 2 * bytes);
        }
        try {
            return HexFormat.of().parseHex(field);
        } catch (IllegalArgumentException e) {
            throw bad(line, "has a " + what + " that is not hex: " + quote(field));
        }
    }

    private static BadKeyLogException bad(int line, String what) {
        return new BadKeyLogException("line " + line + " " + what);
    }

    private static String quote(String field) {
        return "\"" + (field.length() > 40 ? field.substring(0, 40) + "..." : field) + "\"";
    }
}
