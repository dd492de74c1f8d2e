package org.ptpmesh.wire;

/**
 * A reusable, allocation-free reader over one datagram (a flyweight). {@link #wrap} checks the
 * whole datagram (size, version, checksum, every TLV header and value) and indexes its TLVs;
 * accessors then read values straight from the caller's buffer. Only JSON and BSON values, and
 * errors, allocate while checking.
 *
 * <p>Checks run in this order, so the first problem a datagram has is the one reported: size,
 * version, checksum, then the TLVs front to back (header, length, then the value against the
 * registry). Unknown TLV types are indexed and counted, never fatal.
 *
 * <p>Not thread-safe: one view per thread (or per event loop).
 */
public final class DatagramView {

    /** A datagram of 1400 bytes holds at most this many (empty) TLVs. */
    public static final int MAX_TLVS = (Datagram.MAX_SIZE - Datagram.MIN_SIZE) / 2;

    private final int[] types = new int[MAX_TLVS];
    private final int[] valueOffsets = new int[MAX_TLVS];
    private final int[] valueLengths = new int[MAX_TLVS];
    private byte[] buffer;
    private int start;
    private int length;
    private int count;
    private int unknownCount;

    /**
     * Checks and indexes {@code len} bytes of {@code buf} from {@code off}.
     *
     * @return null when the datagram is well formed, else the first problem found
     */
    public DecodeError wrap(byte[] buf, int off, int len) {
        this.buffer = buf;
        this.start = off;
        this.length = len;
        this.count = 0;
        this.unknownCount = 0;
        if (len > Datagram.MAX_SIZE) {
            return new DecodeError(DecodeErrorCode.OVERSIZE, Datagram.MAX_SIZE,
                    len + " bytes; a datagram is at most " + Datagram.MAX_SIZE);
        }
        if (len < Datagram.MIN_SIZE) {
            return new DecodeError(DecodeErrorCode.TOO_SHORT, len,
                    len + " bytes; a datagram needs at least a version byte and a 2-byte checksum");
        }
        int version = buf[off] & 0xFF;
        if (version != Datagram.VERSION) {
            return new DecodeError(DecodeErrorCode.UNSUPPORTED_VERSION, 0,
                    "version " + version + "; only version " + Datagram.VERSION + " is spoken");
        }
        int body = len - Datagram.CHECKSUM_SIZE;
        int stored = ((buf[off + body] & 0xFF) << 8) | (buf[off + body + 1] & 0xFF);
        int computed = Checksum.compute(buf, off, body);
        if (stored != computed) {
            return new DecodeError(DecodeErrorCode.BAD_CHECKSUM, body,
                    String.format("checksum 0x%04x, computed 0x%04x over %d bytes", stored, computed, body));
        }
        int pos = Datagram.VERSION_SIZE;
        while (pos < body) {
            DecodeError error = indexTlv(pos, body);
            if (error != null) {
                return error;
            }
            pos += valueLengths[count - 1] + 2;
        }
        return null;
    }

    private DecodeError indexTlv(int pos, int body) {
        byte[] buf = buffer;
        if (body - pos < 2) {
            return new DecodeError(DecodeErrorCode.TRUNCATED_TLV_HEADER, pos,
                    "1 byte left before the checksum; a TLV header is 2 bytes (type, length)");
        }
        int type = buf[start + pos] & 0xFF;
        int tlvLength = buf[start + pos + 1] & 0xFF;
        if (tlvLength < 2) {
            return new DecodeError(DecodeErrorCode.LENGTH_BELOW_HEADER, pos,
                    "TLV " + TlvTypes.nameOf(type) + " has length " + tlvLength
                            + "; the length counts the 2-byte header, so it is at least 2");
        }
        if (pos + tlvLength > body) {
            return new DecodeError(DecodeErrorCode.TLV_OVERRUN, pos,
                    "TLV " + TlvTypes.nameOf(type) + " of length " + tlvLength + " ends at byte "
                            + (pos + tlvLength) + ", past the last TLV byte " + body);
        }
        int valueOffset = start + pos + 2;
        int valueLength = tlvLength - 2;
        if (!ValueChecks.isRegistered(type)) {
            unknownCount++;
        } else if (!ValueChecks.acceptsByLength(type, valueLength)) {
            DecodeError error = ValueChecks.check(TlvTypes.lookup(type), buf, valueOffset, valueLength, pos);
            if (error != null) {
                return error;
            }
        }
        types[count] = type;
        valueOffsets[count] = valueOffset;
        valueLengths[count] = valueLength;
        count++;
        return null;
    }

    public byte[] buffer() {
        return buffer;
    }

    /** Total datagram length, checksum included. */
    public int length() {
        return length;
    }

    public int tlvCount() {
        return count;
    }

    /** TLVs whose type the registry does not know; they were skipped, not refused. */
    public int unknownCount() {
        return unknownCount;
    }

    public int type(int index) {
        return types[index];
    }

    /** Absolute offset of the value in {@link #buffer()}. */
    public int valueOffset(int index) {
        return valueOffsets[index];
    }

    public int valueLength(int index) {
        return valueLengths[index];
    }

    /** Index of the first TLV of {@code type}, or -1. */
    public int indexOf(int type) {
        for (int i = 0; i < count; i++) {
            if (types[i] == type) {
                return i;
            }
        }
        return -1;
    }

    /** An unsigned integer value; 8-byte values above 2^63 come back negative (use unsigned ops). */
    public long uint(int index) {
        return BigEndian.readUnsigned(buffer, valueOffsets[index], valueLengths[index]);
    }

    public long sint(int index) {
        return BigEndian.readSigned(buffer, valueOffsets[index], valueLengths[index]);
    }

    /** The unsigned value of the first TLV of {@code type}, or {@code absent}. */
    public long uintOf(int type, long absent) {
        int i = indexOf(type);
        return i < 0 ? absent : uint(i);
    }

    public Endpoint address(int index) {
        int off = valueOffsets[index];
        int len = valueLengths[index];
        int ipLength = len - 2;
        byte[] ip = new byte[ipLength];
        System.arraycopy(buffer, off, ip, 0, ipLength);
        int port = ((buffer[off + ipLength] & 0xFF) << 8) | (buffer[off + ipLength + 1] & 0xFF);
        return new Endpoint(Endpoint.inetAddress(ip), port);
    }

    public byte[] value(int index) {
        byte[] v = new byte[valueLengths[index]];
        System.arraycopy(buffer, valueOffsets[index], v, 0, v.length);
        return v;
    }
}
