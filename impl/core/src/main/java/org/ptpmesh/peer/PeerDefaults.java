package org.ptpmesh.peer;

/**
 * A peer's defaults ({@link PeerConfig#builder}), each with the reason for its value. The names
 * in capitals without a unit are the introducer design's own constants (socketsupply/introducer,
 * docs/peer.md), kept so the two read alike; times are milliseconds.
 */
public final class PeerDefaults {

    /** LOCAL_PORT: the introducer design's port; every message but TEST leaves and arrives here. */
    public static final int LOCAL_PORT = 3456;

    /**
     * TEST_PORT: bound but never sent from, so only a NAT that lets in what it was not asked for
     * (a Static NAT, or none) delivers the introducer's TEST here.
     */
    public static final int TEST_PORT = 3457;

    /** BDP: 10 ms between birthday probes, 100 probes/s, the introducer design's pace. */
    public static final long BDP = 10;

    /**
     * BDP_MAX_PACKETS: probes before giving up. With 256 ports open on the Hard side, 1000 probes
     * succeed 98% of the time (1 - (1 - 256/65536)^1000; docs/peer.md, "Birthday").
     */
    public static final int BDP_MAX_PACKETS = 1000;

    /** Ports the Hard side opens for the birthday strategy: the introducer design's 256. */
    public static final int BIRTHDAY_PORTS = 256;

    /**
     * KEEP_ALIVE_TIMEOUT: 29 s, just under the 30 s UDP mapping timeout measured on common home
     * routers, so a quiet path stays open (the introducer design's value).
     */
    public static final long KEEP_ALIVE_TIMEOUT = 29_000;

    /**
     * IP TTL of the packets that only open this side's NAT: 2 reaches the peer's own NAT and dies
     * before the far one, whose conntrack would otherwise take the tuple (docs/simulator.md,
     * "Conntrack"; measured in the lab, where the internet is one router between the NATs).
     */
    public static final int OPENER_TTL = 2;

    /** Normal punches start 300 ms after the openers, so both sides' openers are in place first. */
    public static final long PUNCH_DELAY_MILLIS = 300;

    /** 200 ms between direct punches: a few round trips of a distant peer, not a flood. */
    public static final long PUNCH_INTERVAL_MILLIS = 200;

    /** A direct punch's budget: 15 punches, 3 s at 200 ms, several times a distant peer's RTT. */
    public static final int PUNCH_RETRIES = 15;

    /** NAT check: resend the pings when a pong is still missing after 1 s, well above an introducer's RTT. */
    public static final long PING_RETRY_MILLIS = 1_000;

    /** After the second pong, 300 ms more for a TEST, which left the introducer at the same time. */
    public static final long CLASSIFY_WAIT_MILLIS = 300;

    /** Application data unacknowledged after 500 ms is sent again: several RTTs of a slow path. */
    public static final long DATA_RETRANSMIT_MILLIS = 500;

    /**
     * Two missed keepalive answers on the direct path before falling back to the relay: one lost
     * datagram is not enough to give up a working path.
     */
    public static final int DIRECT_MISSED_KEEPALIVES = 2;

    /**
     * An unanswered keepalive is sent again after 2 s, five times: a lost datagram must not make
     * a live peer look Inactive (1.5 x KEEP_ALIVE_TIMEOUT), and five retries fit in that margin.
     */
    public static final long KEEP_ALIVE_RETRY_MILLIS = 2_000;

    /** See {@link #KEEP_ALIVE_RETRY_MILLIS}. */
    public static final int KEEP_ALIVE_RETRIES = 5;

    private PeerDefaults() {
    }
}
