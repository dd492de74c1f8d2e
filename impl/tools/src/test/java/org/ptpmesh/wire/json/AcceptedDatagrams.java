package org.ptpmesh.wire.json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.ptpmesh.wire.Checksum;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Datagram;
import org.ptpmesh.wire.DecodeResult;
import org.ptpmesh.wire.MessageArbitraries;
import org.ptpmesh.wire.RawDatagrams;
import org.ptpmesh.wire.TlvType;
import org.ptpmesh.wire.TlvTypes;
import org.ptpmesh.wire.ValueKind;

/**
 * Datagrams the decoder accepts, written byte by byte so that every value comes in each
 * encoding its kind allows, not only the one the encoder picks: JSON with any whitespace,
 * escapes, number spellings and repeated keys; BSON with any element type, repeated keys, array
 * keys that are not indexes, unsorted regex options; text of any code point; integers of any
 * width; unknown types; TLVs in any order. Also valid datagrams of every message kind, as they
 * are and with a few bytes changed, kept when the decoder still accepts them.
 */
final class AcceptedDatagrams {

    private static final List<TlvType> REGISTERED = List.copyOf(TlvTypes.all());
    private static final int[] UNKNOWN_TYPES = IntStream.range(0, 256).filter(t -> TlvTypes.lookup(t) == null).toArray();

    private AcceptedDatagrams() {
    }

    static Arbitrary<byte[]> any() {
        Arbitrary<byte[]> written = Arbitraries.longs().map(seed -> write(new Random(seed)));
        Arbitrary<byte[]> mutated = Combinators.combine(MessageArbitraries.anyDatagram(), Arbitraries.longs())
                .as((valid, seed) -> withChecksum(RawDatagrams.mutate(valid, new Random(seed))));
        return Arbitraries.frequencyOf(Tuple.of(4, written), Tuple.of(1, MessageArbitraries.anyDatagram()), Tuple.of(2, mutated))
                .filter(d -> Codec.decode(d) instanceof DecodeResult.Decoded);
    }

    /** Up to a dozen TLVs of random types (a third of them JSON, BSON or text), under 1400 bytes. */
    static byte[] write(Random r) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(Datagram.VERSION);
        int count = r.nextInt(13);
        for (int i = 0; i < count; i++) {
            byte[] tlv = tlv(r);
            if (body.size() + tlv.length + Datagram.CHECKSUM_SIZE <= Datagram.MAX_SIZE) {
                body.writeBytes(tlv);
            }
        }
        body.write(0);
        body.write(0);
        return withChecksum(body.toByteArray());
    }

    private static byte[] withChecksum(byte[] d) {
        if (d.length >= Datagram.MIN_SIZE) {
            int sum = Checksum.compute(d, 0, d.length - 2);
            d[d.length - 2] = (byte) (sum >>> 8);
            d[d.length - 1] = (byte) sum;
        }
        return d;
    }

    private static byte[] tlv(Random r) {
        switch (r.nextInt(9)) {
            case 0, 1:
                return tlv(TlvTypes.META, json(r));
            case 2:
                return tlv(TlvTypes.METAB, bson(r));
            case 3:
                return tlv(r.nextBoolean() ? TlvTypes.OBJNAME : TlvTypes.ERRTEXT, text(r));
            case 4:
                return tlv(UNKNOWN_TYPES[r.nextInt(UNKNOWN_TYPES.length)], bytes(r, r.nextInt(40)));
            default:
                return registered(REGISTERED.get(r.nextInt(REGISTERED.size())), r);
        }
    }

    private static byte[] registered(TlvType type, Random r) {
        ValueKind kind = type.kind();
        if (kind == ValueKind.UINT || kind == ValueKind.INT) {
            return tlv(type.code(), bytes(r, 1 << r.nextInt(4)));
        }
        if (kind == ValueKind.ADDRESS) {
            return tlv(type.code(), address(r));
        }
        if (kind == ValueKind.BYTES) {
            int max = Math.min(type.lengths().max(), 60);
            return tlv(type.code(), bytes(r, type.lengths().min() + r.nextInt(max - type.lengths().min() + 1)));
        }
        return tlv(r);
    }

    private static byte[] tlv(int type, byte[] value) {
        byte[] t = new byte[value.length + 2];
        t[0] = (byte) type;
        t[1] = (byte) t.length;
        System.arraycopy(value, 0, t, 2, value.length);
        return t;
    }

    /** IPv4, IPv6, IPv6 with runs of zero groups, and IPv4-mapped IPv6. */
    private static byte[] address(Random r) {
        byte[] a = bytes(r, r.nextBoolean() ? 6 : 18);
        if (a.length == 18) {
            switch (r.nextInt(3)) {
                case 0 -> Arrays.fill(a, 2, 2 + 2 * r.nextInt(7), (byte) 0);
                case 1 -> {
                    Arrays.fill(a, 0, 10, (byte) 0);
                    a[10] = (byte) 0xFF;
                    a[11] = (byte) 0xFF;
                }
                default -> { }
            }
        }
        return a;
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    // ---- JSON: one value, spelt in any way RFC 8259 allows --------------------------------

    private static final String[] WHITESPACE = {"", "", "", " ", "  ", "\t", "\n", "\r\n"};
    private static final String[] NUMBERS = {"0", "-0", "7", "-12", "1.50", "-0.0", "0.10", "1e5", "1E+05", "2.5e-3",
        "1e400", "-1E-400", "12345678901234567890123", "9007199254740993", "1.0e2", "3.14159265358979323846264"};
    private static final String[] KEYS = {"a", "a", "b", "rtt", "127.0.0.1-24719", "", "\\u0061", "\\ud800", "\u00e9"};

    static byte[] json(Random r) {
        for (int attempt = 0; attempt < 10; attempt++) {
            StringBuilder sb = new StringBuilder();
            if (r.nextInt(20) == 0) {
                sb.append('\uFEFF');
            }
            sb.append(ws(r));
            value(sb, r, 0);
            sb.append(ws(r));
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            if (b.length >= 2 && b.length <= TlvTypes.MAX_VALUE_LENGTH) {
                return b;
            }
        }
        return "{\"a\": 1}".getBytes(StandardCharsets.US_ASCII);
    }

    private static String ws(Random r) {
        return WHITESPACE[r.nextInt(WHITESPACE.length)];
    }

    private static void value(StringBuilder sb, Random r, int depth) {
        switch (depth > 3 ? r.nextInt(3) : r.nextInt(5)) {
            case 0 -> sb.append(NUMBERS[r.nextInt(NUMBERS.length)]);
            case 1 -> string(sb, r);
            case 2 -> sb.append(new String[] {"true", "false", "null"}[r.nextInt(3)]);
            case 3 -> {
                sb.append('[').append(ws(r));
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ws(r) + "," + ws(r));
                    value(sb, r, depth + 1);
                }
                sb.append(ws(r)).append(']');
            }
            default -> {
                sb.append('{').append(ws(r));
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ws(r) + "," + ws(r));
                    sb.append('"').append(KEYS[r.nextInt(KEYS.length)]).append('"').append(ws(r)).append(':').append(ws(r));
                    value(sb, r, depth + 1);
                }
                sb.append(ws(r)).append('}');
            }
        }
    }

    /** Plain characters, every short escape, \\u escapes (lone surrogates and pairs too) and raw non-ASCII. */
    private static void string(StringBuilder sb, Random r) {
        sb.append('"');
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(7)) {
                case 0 -> sb.append((char) ('a' + r.nextInt(26)));
                case 1 -> sb.append(new String[] {"\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"}[r.nextInt(8)]);
                case 2 -> sb.append(String.format(r.nextBoolean() ? "\\u%04x" : "\\u%04X", r.nextInt(0x10000)));
                case 3 -> sb.append(new String[] {"\\ud800", "\\udfff", "\\ud83d\\ude00", "\\u0000", "\\u00e9"}[r.nextInt(5)]);
                case 4 -> sb.append(new String[] {"\u00e9", "\u2028", "\uFEFF", "\u4e2d", "\ud83d\ude00", "\u007f"}[r.nextInt(6)]);
                default -> sb.append(' ');
            }
        }
        sb.append('"');
    }

    // ---- text: any Unicode scalar value, controls and NUL included ------------------------

    static byte[] text(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(30);
        for (int i = 0; i < n; i++) {
            int cp = switch (r.nextInt(5)) {
                case 0 -> r.nextInt(0x20);
                case 1 -> 0x20 + r.nextInt(0x60);
                case 2 -> 0x80 + r.nextInt(0xD800 - 0x80);
                case 3 -> 0xE000 + r.nextInt(0x10000 - 0xE000);
                default -> 0x10000 + r.nextInt(0x110000 - 0x10000);
            };
            sb.appendCodePoint(cp);
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        return b.length <= TlvTypes.MAX_VALUE_LENGTH ? b : "x".getBytes(StandardCharsets.US_ASCII);
    }

    // ---- BSON: one document of any element types, written without the driver -------------

    private static final String[] BSON_KEYS = {"a", "a", "b", "0", "1", "7", "$numberLong", "$oid", "$regex", "x y", "\u00e9", ""};

    static byte[] bson(Random r) {
        for (int attempt = 0; attempt < 10; attempt++) {
            byte[] doc = document(r, 0, r.nextInt(8) == 0);
            if (doc.length <= TlvTypes.MAX_VALUE_LENGTH) {
                return doc;
            }
        }
        return new byte[] {5, 0, 0, 0, 0};
    }

    private static byte[] document(Random r, int depth, boolean indexKeys) {
        Bytes e = new Bytes();
        int n = r.nextInt(depth == 0 ? 6 : 3);
        for (int i = 0; i < n; i++) {
            element(e, r, depth, indexKeys ? Integer.toString(i) : BSON_KEYS[r.nextInt(BSON_KEYS.length)]);
        }
        Bytes doc = new Bytes();
        doc.int32(4 + e.size() + 1).bytes(e.toByteArray()).byte1(0);
        return doc.toByteArray();
    }

    private static void element(Bytes e, Random r, int depth, String key) {
        int[] types = depth >= 2
                ? new int[] {0x01, 0x02, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0D, 0x0E, 0x10, 0x11, 0x12, 0x13, 0x7F, 0xFF}
                : new int[] {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
                    0x10, 0x11, 0x12, 0x13, 0x7F, 0xFF};
        int type = types[r.nextInt(types.length)];
        e.byte1(type).cstring(key);
        switch (type) {
            case 0x01 -> e.int64(r.nextBoolean() ? Double.doubleToRawLongBits(new double[] {-0.0, 1.5, Double.NaN, 1e300}[r.nextInt(4)])
                    : r.nextLong());
            case 0x02, 0x0D, 0x0E -> e.string(bsonString(r));
            case 0x03 -> e.bytes(document(r, depth + 1, false));
            case 0x04 -> e.bytes(document(r, depth + 1, r.nextBoolean()));
            case 0x05 -> {
                byte[] data = bytes(r, r.nextInt(10));
                e.int32(data.length).byte1(new int[] {0, 1, 3, 4, 5, 6, 7, 0x80, 0xFF}[r.nextInt(9)]).bytes(data);
            }
            case 0x07 -> e.bytes(bytes(r, 12));
            case 0x08 -> e.byte1(r.nextInt(2));
            case 0x09, 0x11, 0x12 -> e.int64(r.nextLong());
            case 0x0B -> e.cstring("a+" + (char) ('a' + r.nextInt(26))).cstring(shuffledOptions(r));
            case 0x0C -> e.string(bsonString(r)).bytes(bytes(r, 12));
            case 0x0F -> {
                Bytes scope = new Bytes().string(bsonString(r)).bytes(document(r, depth + 1, false));
                e.int32(4 + scope.size()).bytes(scope.toByteArray());
            }
            case 0x10 -> e.int32(r.nextInt());
            case 0x13 -> e.bytes(bytes(r, 16));
            default -> { } // undefined, null, min key, max key: no value
        }
    }

    private static String shuffledOptions(Random r) {
        StringBuilder sb = new StringBuilder();
        for (char c : "imsux".toCharArray()) {
            if (r.nextBoolean()) {
                sb.insert(r.nextInt(sb.length() + 1), c);
            }
        }
        return sb.toString();
    }

    /** Mostly UTF-8; sometimes bytes that are not (the driver reads them leniently). */
    private static byte[] bsonString(Random r) {
        if (r.nextInt(6) == 0) {
            return new byte[] {'a', (byte) 0xFF, (byte) 0xC3};
        }
        return new String[] {"", "ab", "\u00e9t\u00e9", "\ud83d\ude00", "x\u0001y"}[r.nextInt(5)].getBytes(StandardCharsets.UTF_8);
    }

    /** Little-endian BSON writing. */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes byte1(int b) {
            write(b);
            return this;
        }

        Bytes int32(int v) {
            for (int i = 0; i < 4; i++) {
                write(v >>> (8 * i));
            }
            return this;
        }

        Bytes int64(long v) {
            for (int i = 0; i < 8; i++) {
                write((int) (v >>> (8 * i)));
            }
            return this;
        }

        Bytes bytes(byte[] b) {
            writeBytes(b);
            return this;
        }

        Bytes cstring(String s) {
            return bytes(s.getBytes(StandardCharsets.UTF_8)).byte1(0);
        }

        /** int32 length (with the terminating NUL), the bytes, NUL. */
        Bytes string(byte[] utf8) {
            return int32(utf8.length + 1).bytes(utf8).byte1(0);
        }
    }
}
