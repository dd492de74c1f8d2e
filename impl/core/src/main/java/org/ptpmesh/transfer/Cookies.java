package org.ptpmesh.transfer;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless address validation for OFFER and FETCH, as QUIC's Retry: an OFFER or FETCH without
 * a valid XFERCOOKIE is answered by a RETRY carrying one, which only whoever receives at the
 * datagram's source address gets; the OFFER or FETCH repeated with it is taken. So a datagram
 * with a forged source makes this end send at most one RETRY, smaller than what came in, and no
 * state is kept for it. A cookie is an HMAC of the route, peer id and transfer id under a key
 * of this endpoint's own, valid for one to two {@link TransferDefaults#COOKIE_PERIOD_MILLIS}.
 *
 * <p>Not thread-safe: one per endpoint.
 */
final class Cookies {

    /** XFERCOOKIE's length: 128 bits of HMAC-SHA256. */
    static final int LENGTH = 16;

    private final Mac mac;
    private final long periodMillis;
    private final byte[] computed = new byte[32];

    Cookies(RandomGenerator random, long periodMillis) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Java runtime lacks HmacSHA256", e);
        }
        this.periodMillis = periodMillis;
    }

    /** The cookie for {@code route}, {@code peer} and {@code xferId} at {@code now}. */
    byte[] issue(Route route, byte[] peer, long xferId, long now) {
        compute(route, peer, xferId, now / periodMillis);
        return Arrays.copyOf(computed, LENGTH);
    }

    /** Whether {@code cookie} was issued for the same route, peer and transfer in this period or the one before. */
    boolean valid(byte[] cookie, Route route, byte[] peer, long xferId, long now) {
        if (cookie == null || cookie.length != LENGTH) {
            return false;
        }
        long period = now / periodMillis;
        return matches(cookie, route, peer, xferId, period) || matches(cookie, route, peer, xferId, period - 1);
    }

    private boolean matches(byte[] cookie, Route route, byte[] peer, long xferId, long period) {
        compute(route, peer, xferId, period);
        return MessageDigest.isEqual(Arrays.copyOf(computed, LENGTH), cookie);
    }

    private void compute(Route route, byte[] peer, long xferId, long period) {
        mac.update(route.identity());
        mac.update(peer);
        mac.update(ByteBuffer.allocate(16).putLong(xferId).putLong(period).array());
        try {
            mac.doFinal(computed, 0);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException("32 bytes hold an HMAC-SHA256", e);
        }
    }
}
