package org.ptpmesh.peer;

import java.util.Objects;
import org.ptpmesh.portmap.PortMapGateway;

/**
 * A peer's settings. {@link #builder} starts from {@link PeerDefaults}, which says why each
 * default is what it is; {@link #toBuilder} or a {@code with*} method returns a changed copy.
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
 * @param portMap            the gateway to ask for a port mapping (PCP, then NAT-PMP, then UPnP IGD through the driver), or null to ask none
 */
public record PeerConfig(String name, int localPort, int testPort, long bdpMillis, int bdpMaxPackets, int birthdayPorts,
                         long keepAliveMillis, int openerTtl, long punchDelayMillis, long punchIntervalMillis,
                         int punchRetries, long pingRetryMillis, long classifyWaitMillis, long dataRetransmitMillis,
                         int directMissedKeepalives, long keepAliveRetryMillis, int keepAliveRetries,
                         PeerIdentity introducerA, PeerIdentity introducerB, boolean relayOnly,
                         PortMapGateway portMap) {

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

    /** A builder holding the defaults, with the given settings that have none. */
    public static Builder builder(String name, PeerIdentity introducerA, PeerIdentity introducerB) {
        return new Builder(name, introducerA, introducerB);
    }

    /** A builder holding this config's settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder(name, introducerA, introducerB);
        b.localPort = localPort;
        b.testPort = testPort;
        b.bdpMillis = bdpMillis;
        b.bdpMaxPackets = bdpMaxPackets;
        b.birthdayPorts = birthdayPorts;
        b.keepAliveMillis = keepAliveMillis;
        b.openerTtl = openerTtl;
        b.punchDelayMillis = punchDelayMillis;
        b.punchIntervalMillis = punchIntervalMillis;
        b.punchRetries = punchRetries;
        b.pingRetryMillis = pingRetryMillis;
        b.classifyWaitMillis = classifyWaitMillis;
        b.dataRetransmitMillis = dataRetransmitMillis;
        b.directMissedKeepalives = directMissedKeepalives;
        b.keepAliveRetryMillis = keepAliveRetryMillis;
        b.keepAliveRetries = keepAliveRetries;
        b.relayOnly = relayOnly;
        b.portMap = portMap;
        return b;
    }

    public static PeerConfig defaults(String name, PeerIdentity introducerA, PeerIdentity introducerB) {
        return builder(name, introducerA, introducerB).build();
    }

    /** CONNECTING_MAX_TIME: how long a connect attempt may take (BDP x BDP_MAX_PACKETS, plus the punch delay). */
    public long connectingMaxMillis() {
        return bdpMillis * bdpMaxPackets + punchDelayMillis;
    }

    public PeerConfig withOpenerTtl(int ttl) {
        return toBuilder().openerTtl(ttl).build();
    }

    public PeerConfig withKeepAlive(long millis) {
        return toBuilder().keepAliveMillis(millis).build();
    }

    public PeerConfig withPorts(int local, int test) {
        return toBuilder().localPort(local).testPort(test).build();
    }

    public PeerConfig withBirthday(int ports, int maxPackets) {
        return toBuilder().birthdayPorts(ports).bdpMaxPackets(maxPackets).build();
    }

    /** A copy that never punches ({@code relayOnly}): data to other peers always goes through introducer A's relay. */
    public PeerConfig withRelayOnly(boolean only) {
        return toBuilder().relayOnly(only).build();
    }

    /** Builds a {@link PeerConfig}; every setting starts at its default (PeerDefaults). */
    public static final class Builder {
        private String name;
        private int localPort = PeerDefaults.LOCAL_PORT;
        private int testPort = PeerDefaults.TEST_PORT;
        private long bdpMillis = PeerDefaults.BDP;
        private int bdpMaxPackets = PeerDefaults.BDP_MAX_PACKETS;
        private int birthdayPorts = PeerDefaults.BIRTHDAY_PORTS;
        private long keepAliveMillis = PeerDefaults.KEEP_ALIVE_TIMEOUT;
        private int openerTtl = PeerDefaults.OPENER_TTL;
        private long punchDelayMillis = PeerDefaults.PUNCH_DELAY_MILLIS;
        private long punchIntervalMillis = PeerDefaults.PUNCH_INTERVAL_MILLIS;
        private int punchRetries = PeerDefaults.PUNCH_RETRIES;
        private long pingRetryMillis = PeerDefaults.PING_RETRY_MILLIS;
        private long classifyWaitMillis = PeerDefaults.CLASSIFY_WAIT_MILLIS;
        private long dataRetransmitMillis = PeerDefaults.DATA_RETRANSMIT_MILLIS;
        private int directMissedKeepalives = PeerDefaults.DIRECT_MISSED_KEEPALIVES;
        private long keepAliveRetryMillis = PeerDefaults.KEEP_ALIVE_RETRY_MILLIS;
        private int keepAliveRetries = PeerDefaults.KEEP_ALIVE_RETRIES;
        private PeerIdentity introducerA;
        private PeerIdentity introducerB;
        private boolean relayOnly = false;
        private PortMapGateway portMap;

        private Builder(String name, PeerIdentity introducerA, PeerIdentity introducerB) {
            this.name = name;
            this.introducerA = introducerA;
            this.introducerB = introducerB;
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder localPort(int value) {
            this.localPort = value;
            return this;
        }

        public Builder testPort(int value) {
            this.testPort = value;
            return this;
        }

        public Builder bdpMillis(long value) {
            this.bdpMillis = value;
            return this;
        }

        public Builder bdpMaxPackets(int value) {
            this.bdpMaxPackets = value;
            return this;
        }

        public Builder birthdayPorts(int value) {
            this.birthdayPorts = value;
            return this;
        }

        public Builder keepAliveMillis(long value) {
            this.keepAliveMillis = value;
            return this;
        }

        public Builder openerTtl(int value) {
            this.openerTtl = value;
            return this;
        }

        public Builder punchDelayMillis(long value) {
            this.punchDelayMillis = value;
            return this;
        }

        public Builder punchIntervalMillis(long value) {
            this.punchIntervalMillis = value;
            return this;
        }

        public Builder punchRetries(int value) {
            this.punchRetries = value;
            return this;
        }

        public Builder pingRetryMillis(long value) {
            this.pingRetryMillis = value;
            return this;
        }

        public Builder classifyWaitMillis(long value) {
            this.classifyWaitMillis = value;
            return this;
        }

        public Builder dataRetransmitMillis(long value) {
            this.dataRetransmitMillis = value;
            return this;
        }

        public Builder directMissedKeepalives(int value) {
            this.directMissedKeepalives = value;
            return this;
        }

        public Builder keepAliveRetryMillis(long value) {
            this.keepAliveRetryMillis = value;
            return this;
        }

        public Builder keepAliveRetries(int value) {
            this.keepAliveRetries = value;
            return this;
        }

        public Builder introducerA(PeerIdentity value) {
            this.introducerA = value;
            return this;
        }

        public Builder introducerB(PeerIdentity value) {
            this.introducerB = value;
            return this;
        }

        public Builder relayOnly(boolean value) {
            this.relayOnly = value;
            return this;
        }

        public Builder portMap(PortMapGateway value) {
            this.portMap = value;
            return this;
        }

        public PeerConfig build() {
            return new PeerConfig(name, localPort, testPort, bdpMillis, bdpMaxPackets, birthdayPorts, keepAliveMillis, openerTtl, punchDelayMillis, punchIntervalMillis, punchRetries, pingRetryMillis, classifyWaitMillis, dataRetransmitMillis, directMissedKeepalives, keepAliveRetryMillis, keepAliveRetries, introducerA, introducerB, relayOnly, portMap);
        }
    }

    private static void requirePositive(String what, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }
}
