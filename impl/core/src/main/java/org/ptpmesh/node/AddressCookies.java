package org.ptpmesh.node;

import java.util.random.RandomGenerator;
import org.ptpmesh.wire.Endpoint;

/**
 * Stateless address validation, as QUIC's Retry (RFC 9000, 8.1): before a server answers a
 * source with more bytes than it sent, the source proves it receives at its address by echoing a
 * cookie sent there. A cookie is a keyed hash ({@link SipHash}) of the source address, the
 * sender's 16-byte id and a time bucket, so the server keeps nothing per challenge: it recomputes
 * the hash when the cookie comes back. A forger who cannot read what is sent to the address it
 * forges cannot answer.
 *
 * <p>The lowest bit of a cookie is its bucket's parity: a cookie is valid in its own bucket and
 * the next one, so between one and two lifetimes after it was made. The key comes from the
 * driver's random source (the node reads none itself), once per node.
 */
public final class AddressCookies {

    private final long k0;
    private final long k1;
    private final long lifetime;
    private final byte[] input = new byte[16 + 2 + 1 + 16 + 8];

    /**
     * @param random         the key's source (a SecureRandom in a deployment, seeded in tests)
     * @param lifetimeMillis how long a cookie stays valid at least; at most twice that
     */
    public AddressCookies(RandomGenerator random, long lifetimeMillis) {
        if (lifetimeMillis <= 0) {
            throw new IllegalArgumentException("lifetimeMillis must be positive, got " + lifetimeMillis);
        }
        this.k0 = random.nextLong();
        this.k1 = random.nextLong();
        this.lifetime = lifetimeMillis;
    }

    /** The cookie for {@code from} and the id of 16 bytes at {@code id[off]}, made at {@code now}. */
    public long mint(Endpoint from, byte[] id, int off, long now) {
        long bucket = Math.floorDiv(now, lifetime);
        return hash(from, id, off, bucket) & ~1L | bucket & 1L;
    }

    /** Whether {@code cookie} is one this node made for the same address and id, recently enough. */
    public boolean valid(long cookie, Endpoint from, byte[] id, int off, long now) {
        long bucket = Math.floorDiv(now, lifetime);
        long made = (bucket & 1L) == (cookie & 1L) ? bucket : bucket - 1;
        return (hash(from, id, off, made) & ~1L | made & 1L) == cookie;
    }

    private long hash(Endpoint from, byte[] id, int off, long bucket) {
        // a fixed layout (IPv4 padded, the family in its own byte) keeps the encoding injective
        java.util.Arrays.fill(input, 0, 16, (byte) 0);
        byte[] address = from.address().getAddress();
        System.arraycopy(address, 0, input, 0, address.length);
        input[16] = (byte) (from.port() >>> 8);
        input[17] = (byte) from.port();
        input[18] = (byte) address.length;
        System.arraycopy(id, off, input, 19, 16);
        for (int i = 0; i < 8; i++) {
            input[35 + i] = (byte) (bucket >>> (56 - 8 * i));
        }
        return SipHash.hash24(k0, k1, input);
    }
}
