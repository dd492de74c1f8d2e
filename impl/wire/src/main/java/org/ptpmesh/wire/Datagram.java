package org.ptpmesh.wire;

/**
 * Datagram layout (docs/protocol.md, byte for byte compatible with ptptest 2014):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Version = 1  |     TLV 1 ...       |  TLV 2 ... |    ...     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ... TLV n    |        Checksum (RFC 1071, big-endian)         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The checksum covers the version byte and every TLV. A datagram is never larger than
 * {@link #MAX_SIZE} bytes, which keeps it inside a 1500-byte MTU with room for tunnel overhead.
 */
public final class Datagram {

    /** The only wire version this implementation speaks. */
    public static final int VERSION = 1;
    /** Largest datagram sent or accepted, checksum included. */
    public static final int MAX_SIZE = 1400;
    public static final int VERSION_SIZE = 1;
    public static final int CHECKSUM_SIZE = 2;
    /** Smallest well-formed datagram: a version byte and a checksum, no TLVs. */
    public static final int MIN_SIZE = VERSION_SIZE + CHECKSUM_SIZE;

    private Datagram() {
    }
}
