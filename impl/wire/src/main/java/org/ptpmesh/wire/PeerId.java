package org.ptpmesh.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/** A 16-byte peer id as a map key (byte arrays compare by identity). */
public final class PeerId implements Comparable<PeerId> {

    private final byte[] bytes;
    private final int hash;

    private PeerId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    public static PeerId of(byte[] bytes) {
        if (bytes.length != TlvTypes.PEER_ID_LENGTH) {
            throw new IllegalArgumentException("a peer id is " + TlvTypes.PEER_ID_LENGTH + " bytes, got " + bytes.length);
        }
        return new PeerId(bytes.clone());
    }

    public static PeerId random(RandomGenerator random) {
        byte[] b = new byte[TlvTypes.PEER_ID_LENGTH];
        random.nextBytes(b);
        return new PeerId(b);
    }

    public static PeerId fromHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The first four bytes in hex: enough to tell peers apart in logs and traces. */
    public String shortName() {
        return HexFormat.of().formatHex(bytes, 0, 4);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerId p && Arrays.equals(p.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(PeerId o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
