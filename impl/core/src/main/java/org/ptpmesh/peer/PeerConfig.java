package org.ptpmesh.peer;

import java.util.Objects;

/**
 * A peer's settings. The defaults are the introducer design's constants; each can be overridden (a
 * {@code with*} method returns a changed copy).
 *
 * @param name               how this peer is named in traces and logs
 * @param localPort          LOCAL_PORT: the port the peer talks from
 * @param testPort           TEST_PORT: bound but never sent from, so only a NAT that does not
 *                           filter lets the introducer's TEST through
 * @param bdpMillis          BDP: delay between birthday probes (10 ms, 100 probes/s)
 * @param bdpMaxPackets      BDP_MAX_PACKETS: probes before giving up (1000: about 98% success)
 * @param birthdayPorts      ports the Hard side opens (256, the introducer design)
 * @param keepAliveMillis    KEEP_ALIVE_TIMEOUT: 29 s, under the 30 s UDP timeout of common routers
 * @param openerTtl          IP TTL of packets that only open this side's NAT (docs/simulator.md, "Conntrack")
 * @param punchDelayMillis   how long after the openers normal punches start, so that both sides'
 *                           openers are in place first
 * @param punchIntervalMillis, punchRetries direct-punch pacing and budget
 * @param pingRetryMillis    NAT check: resend pings when pongs are missing after this long
 * @param classifyWaitMillis after the second pong, how long a TEST may still arrive
 * @param dataRetransmitMillis application data: resend unacknowledged messages after this long
 * @param directMissedKeepalives on the direct path: missed keepalive answers before falling back to relay
 * @param keepAliveRetryMillis, keepAliveRetries an unanswered keepalive is sent again after this
 *                           long, this many times, so that a lost datagram does not make a live
 *                           peer look Inactive
 * @param relayOnly          never punch: every introduction ends on the relay (for checking a
 *                           counterpart's relay handling, and for networks that forbid direct paths)
 */
public record PeerConfig(String name, int localPort, int testPort, long bdpMillis, int bdpMaxPackets, int birthdayPorts,
                         long keepAliveMillis, int openerTtl, long punchDelayMillis, long punchIntervalMillis,
                         int punchRetries, long pingRetryMillis, long classifyWaitMillis, long dataRetransmitMillis,
                         int directMissedKeepalives, long keepAliveRetryMillis, int keepAliveRetries,
                         PeerIdentity introducerA, PeerIdentity introducerB, boolean relayOnly) {

    public static final int LOCAL_PORT = 3456;
    public static final int TEST_PORT = 3457;
    public static final long BDP = 10;
    public static final int BDP_MAX_PACKETS = 1000;
    public static final long KEEP_ALIVE_TIMEOUT = 29_000;
    public static final int BIRTHDAY_PORTS = 256;

    public PeerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(introducerA, "introducerA");
        Objects.requireNonNull(introducerB, "introducerB");
        requirePositive("bdpMillis", bdpMillis);
        requirePositive("bdpMaxPackets", bdpMaxPackets);
        requirePositive("keepAliveMillis", keepAliveMillis);
        requirePositive("punchIntervalMillis", punchIntervalMillis);
        requirePositive("pingRetryMillis", pingRetryMillis);
        requirePositive("dataRetransmitMillis", dataRetransmitMillis);
        requirePositive("keepAliveRetryMillis", keepAliveRetryMillis);
        if (birthdayPorts < 1 || birthdayPorts > 4096) {
            throw new IllegalArgumentException("birthdayPorts must be 1-4096, got " + birthdayPorts);
        }
        if (openerTtl < 1 || openerTtl > 255) {
            throw new IllegalArgumentException("openerTtl must be 1-255, got " + openerTtl);
        }
        if (localPort == testPort) {
            throw new IllegalArgumentException("localPort and testPort must differ");
        }
    }

    public static PeerConfig defaults(String name, PeerIdentity introducerA, PeerIdentity introducerB) {
        return new PeerConfig(name, LOCAL_PORT, TEST_PORT, BDP, BDP_MAX_PACKETS, BIRTHDAY_PORTS, KEEP_ALIVE_TIMEOUT,
                2, 300, 200, 15, 1_000, 300, 500, 2, 2_000, 5, introducerA, introducerB, false);
    }

    /** CONNECTING_MAX_TIME: how long a connect attempt may take (BDP x BDP_MAX_PACKETS, plus the punch delay). */
    public long connectingMaxMillis() {
        return bdpMillis * bdpMaxPackets + punchDelayMillis;
    }

    public PeerConfig withOpenerTtl(int ttl) {
        return new PeerConfig(name, localPort, testPort, bdpMillis, bdpMaxPackets, birthdayPorts, keepAliveMillis, ttl,
                punchDelayMillis, punchIntervalMillis, punchRetries, pingRetryMillis, classifyWaitMillis,
                dataRetransmitMillis, directMissedKeepalives, keepAliveRetryMillis, keepAliveRetries, introducerA, introducerB, relayOnly);
    }

    public PeerConfig withKeepAlive(long millis) {
        return new PeerConfig(name, localPort, testPort, bdpMillis, bdpMaxPackets, birthdayPorts, millis, openerTtl,
                punchDelayMillis, punchIntervalMillis, punchRetries, pingRetryMillis, classifyWaitMillis,
                dataRetransmitMillis, directMissedKeepalives, keepAliveRetryMillis, keepAliveRetries, introducerA, introducerB, relayOnly);
    }

    public PeerConfig withPorts(int local, int test) {
        return new PeerConfig(name, local, test, bdpMillis, bdpMaxPackets, birthdayPorts, keepAliveMillis, openerTtl,
                punchDelayMillis, punchIntervalMillis, punchRetries, pingRetryMillis, classifyWaitMillis,
                dataRetransmitMillis, directMissedKeepalives, keepAliveRetryMillis, keepAliveRetries, introducerA, introducerB, relayOnly);
    }

    public PeerConfig withBirthday(int ports, int maxPackets) {
        return new PeerConfig(name, localPort, testPort, bdpMillis, maxPackets, ports, keepAliveMillis, openerTtl,
                punchDelayMillis, punchIntervalMillis, punchRetries, pingRetryMillis, classifyWaitMillis,
                dataRetransmitMillis, directMissedKeepalives, keepAliveRetryMillis, keepAliveRetries, introducerA, introducerB, relayOnly);
    }

    /** A copy that never punches ({@code relayOnly}): data to other peers always goes through introducer A's relay. */
    public PeerConfig withRelayOnly(boolean only) {
        return new PeerConfig(name, localPort, testPort, bdpMillis, bdpMaxPackets, birthdayPorts, keepAliveMillis, openerTtl,
                punchDelayMillis, punchIntervalMillis, punchRetries, pingRetryMillis, classifyWaitMillis,
                dataRetransmitMillis, directMissedKeepalives, keepAliveRetryMillis, keepAliveRetries, introducerA, introducerB, only);
    }

    private static void requirePositive(String what, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }
}
