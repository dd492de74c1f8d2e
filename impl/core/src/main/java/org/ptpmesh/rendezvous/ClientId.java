package org.ptpmesh.rendezvous;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/** A client's 16-byte UUID as two longs: a compact, immutable map key. */
public record ClientId(long high, long low) {

    public static ClientId of(byte[] uuid) {
        if (uuid.length != 16) {
            throw new IllegalArgumentException("a client id is 16 bytes, got " + uuid.length);
        }
        ByteBuffer b = ByteBuffer.wrap(uuid);
        return new ClientId(b.getLong(), b.getLong());
    }

    /** Reads the 16 bytes at {@code buf[off]} without copying them. */
    public static ClientId of(byte[] buf, int off) {
        ByteBuffer b = ByteBuffer.wrap(buf, off, 16);
        return new ClientId(b.getLong(), b.getLong());
    }

    public byte[] bytes() {
        return ByteBuffer.allocate(16).putLong(high).putLong(low).array();
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes());
    }
}
