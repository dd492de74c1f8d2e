package org.ptpmesh.wire;

import java.util.HexFormat;

/** Builds datagrams byte by byte, bypassing the encoder's checks, for malformed-input tests. */
public final class RawDatagrams {

    private RawDatagrams() {
    }

    /** Version byte 1, then {@code body}, then a correct checksum. */
    static byte[] withChecksum(String bodyHex) {
        return withChecksum(1, HexFormat.of().parseHex(bodyHex.replace(" ", "")));
    }

    static byte[] withChecksum(int version, byte[] body) {
        byte[] d = new byte[1 + body.length + 2];
        d[0] = (byte) version;
        System.arraycopy(body, 0, d, 1, body.length);
        int sum = Checksum.compute(d, 0, d.length - 2);
        d[d.length - 2] = (byte) (sum >>> 8);
        d[d.length - 1] = (byte) sum;
        return d;
    }

    /** A datagram of one TLV of {@code type} holding {@code value}, whatever its registry says. */
    public static byte[] withValue(int type, byte[] value) {
        byte[] body = new byte[value.length + 2];
        body[0] = (byte) type;
        body[1] = (byte) (value.length + 2);
        System.arraycopy(value, 0, body, 2, value.length);
        return withChecksum(1, body);
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }
}
