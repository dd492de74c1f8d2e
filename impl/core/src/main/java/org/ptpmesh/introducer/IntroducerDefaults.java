package org.ptpmesh.introducer;

import org.ptpmesh.peer.PeerDefaults;

/** An introducer's defaults ({@link IntroducerConfig#builder}), each with the reason for its value. */
public final class IntroducerDefaults {

    /**
     * A peer not heard from for 5 keepalive periods (145 s) is forgotten: the introducer design's
     * Forgotten state, where a peer's own view of the introducer ends too.
     */
    public static final long REGISTRATION_MILLIS = 5 * PeerDefaults.KEEP_ALIVE_TIMEOUT;

    /** Bound on the registration table, so spoofed sources cannot grow it without limit. */
    public static final int MAX_REGISTRATIONS = 100_000;

    /**
     * Datagrams one peer may relay to one other per {@link #RELAY_WINDOW_SECONDS}: 200 a second, enough for
     * keepalives and modest application data, not for using the introducer as a free transit.
     */
    public static final int RELAY_QUOTA = 2_000;

    /** The relay quota's window: 10 s, long enough to allow bursts, short enough to recover quickly. */
    public static final long RELAY_WINDOW_SECONDS = 10;

    /**
     * A cookie (address validation of a PING) is valid for 10 to 20 s after it was sent: far
     * longer than a round trip, short enough that a cookie seen on the way is of little use later.
     */
    public static final long COOKIE_LIFETIME_SECONDS = 10;

    /**
     * Refused datagrams traced one by one a second; the others of that second are counted in one
     * summary step, so that a flood (or a relayed transfer over its quota) cannot fill a log.
     */
    public static final int DROP_LOG_PER_SECOND = 20;

    /**
     * Keyed peers are introduced and relayed to keyed peers only: a legacy peer's id is a claim
     * anyone can make, so an INTRO or a relay pairing it with a keyed peer would hand the keyed
     * peer's address and traffic to whoever claimed that id. A mixed mesh turns it on knowingly.
     */
    public static final boolean ALLOW_LEGACY_INTRO = false;

    private IntroducerDefaults() {
    }
}
