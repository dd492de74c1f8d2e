package org.ptpmesh.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/** Builds datagrams byte by byte, bypassing the encoder's checks, for malformed-input tests. */
public final class RawDatagrams {

    private RawDatagrams() {
    }

    /** Version byte 1, then {@code body}, then a correct checksum. */
    static byte[] withChecksum(String bodyHex) {
        return withChecksum(1, HexFormat.of().parseHex(bodyHex.replace(" ", "")));
    }

    public static byte[] withChecksum(int version, byte[] body) {
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

    /** One to four edits: flip a bit, set a byte, cut the tail, insert bytes, or lie in a length byte. */
    public static byte[] mutate(byte[] in, Random r) {
        byte[] d = in.clone();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits && d.length > 0; e++) {
            int at = r.nextInt(d.length);
            switch (r.nextInt(5)) {
                case 0 -> d[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> d[at] = (byte) r.nextInt(256);
                case 2 -> d = Arrays.copyOf(d, at);
                case 3 -> {
                    byte[] extra = new byte[1 + r.nextInt(8)];
                    r.nextBytes(extra);
                    byte[] grown = new byte[d.length + extra.length];
                    System.arraycopy(d, 0, grown, 0, at);
                    System.arraycopy(extra, 0, grown, at, extra.length);
                    System.arraycopy(d, at, grown, at + extra.length, d.length - at);
                    d = grown;
                }
                default -> {
                    if (d.length > 2) {
                        d[1 + r.nextInt(d.length - 1)] = (byte) new int[] {0, 1, 2, 3, 8, 255}[r.nextInt(6)];
                    }
                }
            }
        }
        return d;
    }
}
