package org.ptpmesh.wire;

import java.nio.charset.StandardCharsets;

/**
 * Writes one datagram into a caller-supplied buffer without allocating: the version byte, then
 * one {@code put*} per TLV, then {@link #finish()} appends the checksum. Each put checks the
 * value against the registry (kind, width, length) and refuses, with an {@link EncodeException},
 * anything that would make the datagram exceed {@link Datagram#MAX_SIZE} bytes.
 *
 * <pre>
 * TLV:  +--------+--------+----------------------------+
 *       |  Type  | Length |  Value (Length - 2 bytes)  |
 *       +--------+--------+----------------------------+
 *       Length counts the 2-byte header, so a value holds at most 253 bytes.
 * </pre>
 */
public final class DatagramWriter {

    private byte[] buf;
    private int start;
    private int pos;

    /** Starts a datagram at {@code buf[off]}; the buffer needs room for a full datagram. */
    public DatagramWriter wrap(byte[] buffer, int off) {
        if (buffer.length - off < Datagram.MAX_SIZE) {
            throw new IllegalArgumentException("buffer needs " + Datagram.MAX_SIZE + " bytes from offset " + off);
        }
        this.buf = buffer;
        this.start = off;
        this.pos = off;
        buf[pos++] = (byte) Datagram.VERSION;
        return this;
    }

    public DatagramWriter putUint(int type, long value, int width) {
        expectKind(type, ValueKind.UINT);
        checkWidth(type, width);
        if (!BigEndian.fitsUnsigned(value, width)) {
            throw new EncodeException(EncodeErrorCode.OUT_OF_RANGE,
                    TlvTypes.nameOf(type) + " value " + Long.toUnsignedString(value) + " does not fit " + width + " unsigned bytes");
        }
        BigEndian.write(buf, header(type, width), value, width);
        return this;
    }

    /** An unsigned integer at the registry's default width for {@code type}. */
    public DatagramWriter putUint(int type, long value) {
        TlvType t = TlvTypes.lookup(type);
        return putUint(type, value, t == null ? 8 : t.defaultWidth());
    }

    public DatagramWriter putInt(int type, long value, int width) {
        expectKind(type, ValueKind.INT);
        checkWidth(type, width);
        if (!BigEndian.fitsSigned(value, width)) {
            throw new EncodeException(EncodeErrorCode.OUT_OF_RANGE,
                    TlvTypes.nameOf(type) + " value " + value + " does not fit " + width + " signed bytes");
        }
        BigEndian.write(buf, header(type, width), value, width);
        return this;
    }

    public DatagramWriter putAddress(int type, Endpoint endpoint) {
        expectKind(type, ValueKind.ADDRESS);
        byte[] ip = endpoint.address().getAddress();
        int at = header(type, ip.length + 2);
        System.arraycopy(ip, 0, buf, at, ip.length);
        buf[at + ip.length] = (byte) (endpoint.port() >>> 8);
        buf[at + ip.length + 1] = (byte) endpoint.port();
        return this;
    }

    public DatagramWriter putBytes(int type, byte[] value, int off, int len) {
        expectKind(type, ValueKind.BYTES);
        return putChecked(type, value, off, len);
    }

    public DatagramWriter putText(int type, String text) {
        expectKind(type, ValueKind.TEXT);
        byte[] b = utf8(type, text);
        return putChecked(type, b, 0, b.length);
    }

    public DatagramWriter putJson(int type, String json) {
        expectKind(type, ValueKind.JSON);
        byte[] b = utf8(type, json);
        if (b.length >= 1) {
            String problem = ValueChecks.jsonProblem(b, 0, b.length);
            if (problem != null) {
                throw new EncodeException(EncodeErrorCode.INVALID_VALUE, TlvTypes.nameOf(type) + " is not one JSON value: " + problem);
            }
        }
        return putChecked(type, b, 0, b.length);
    }

    public DatagramWriter putBson(int type, byte[] document) {
        expectKind(type, ValueKind.BSON);
        if (document.length >= 5) {
            String problem = ValueChecks.bsonProblem(document, 0, document.length);
            if (problem != null) {
                throw new EncodeException(EncodeErrorCode.INVALID_VALUE, TlvTypes.nameOf(type) + " is not one BSON document: " + problem);
            }
        }
        return putChecked(type, document, 0, document.length);
    }

    /**
     * Writes any type's value bytes unchecked against the registry (only the TLV size limit
     * applies): for unknown types, and for tests that need malformed values.
     */
    public DatagramWriter putRaw(int type, byte[] value, int off, int len) {
        if (type < 0 || type > 255) {
            throw new EncodeException(EncodeErrorCode.INVALID_VALUE, "TLV type " + type + " is outside 0-255");
        }
        System.arraycopy(value, off, buf, header(type, len), len);
        return this;
    }

    /** Appends the checksum; returns the datagram's total length. */
    public int finish() {
        if (pos - start + Datagram.CHECKSUM_SIZE > Datagram.MAX_SIZE) {
            throw new EncodeException(EncodeErrorCode.OVERSIZE, "datagram would be "
                    + (pos - start + Datagram.CHECKSUM_SIZE) + " bytes; at most " + Datagram.MAX_SIZE);
        }
        int sum = Checksum.compute(buf, start, pos - start);
        buf[pos++] = (byte) (sum >>> 8);
        buf[pos++] = (byte) sum;
        return pos - start;
    }

    /** Bytes written so far (version byte and TLVs, no checksum yet). */
    public int position() {
        return pos - start;
    }

    private DatagramWriter putChecked(int type, byte[] value, int off, int len) {
        TlvType t = TlvTypes.lookup(type);
        if (t != null && !t.lengths().allows(len)) {
            throw new EncodeException(EncodeErrorCode.BAD_LENGTH,
                    t.name() + " value of " + len + " bytes; its type allows " + t.lengths());
        }
        System.arraycopy(value, off, buf, header(type, len), len);
        return this;
    }

    /** Writes a TLV header and returns where its value goes. */
    private int header(int type, int valueLength) {
        if (valueLength > TlvTypes.MAX_VALUE_LENGTH) {
            throw new EncodeException(EncodeErrorCode.BAD_LENGTH, TlvTypes.nameOf(type) + " value of "
                    + valueLength + " bytes; a TLV value holds at most " + TlvTypes.MAX_VALUE_LENGTH);
        }
        int after = pos - start + 2 + valueLength + Datagram.CHECKSUM_SIZE;
        if (after > Datagram.MAX_SIZE) {
            throw new EncodeException(EncodeErrorCode.OVERSIZE, "adding " + TlvTypes.nameOf(type)
                    + " makes the datagram " + after + " bytes; at most " + Datagram.MAX_SIZE);
        }
        buf[pos] = (byte) type;
        buf[pos + 1] = (byte) (valueLength + 2);
        int valueAt = pos + 2;
        pos = valueAt + valueLength;
        return valueAt;
    }

    /** The UTF-8 bytes of {@code s}, refusing what UTF-8 cannot carry instead of writing '?' for it. */
    private static byte[] utf8(int type, String s) {
        int at = Utf8.unpairedSurrogate(s, 0);
        if (at >= 0) {
            throw new EncodeException(EncodeErrorCode.INVALID_VALUE, String.format(
                    "%s holds an unpaired surrogate U+%04X at character %d; UTF-8 cannot encode it",
                    TlvTypes.nameOf(type), (int) s.charAt(at), at));
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void expectKind(int type, ValueKind kind) {
        if (type < 0 || type > 255) {
            throw new EncodeException(EncodeErrorCode.INVALID_VALUE, "TLV type " + type + " is outside 0-255");
        }
        ValueKind registered = TlvTypes.kindOf(type);
        if (registered != ValueKind.UNKNOWN && registered != kind) {
            throw new EncodeException(EncodeErrorCode.WRONG_KIND, TlvTypes.nameOf(type) + " is registered as "
                    + registered.jsonName() + ", not " + kind.jsonName());
        }
    }

    private static void checkWidth(int type, int width) {
        if (!BigEndian.isIntegerWidth(width)) {
            throw new EncodeException(EncodeErrorCode.BAD_WIDTH,
                    TlvTypes.nameOf(type) + " width " + width + "; integers are 1, 2, 4 or 8 bytes");
        }
    }
}
