package org.ptpmesh.secure;

import org.ptpmesh.peer.PeerDefaults;

/**
 * The bounds of a {@link SecureNode}'s tables and retries (docs/security.md, "Keys"), each a named
 * limit because anyone may send handshakes.
 *
 * @param maxHandshakes          XX handshakes under way as responder (waiting for FINISH); past it the oldest goes
 * @param maxHandshakesPerSource of those, from one source endpoint; past it that source's oldest goes
 * @param handshakeMillis        a handshake not completed within this is forgotten, and so is a session in which
 *                               nothing sealed arrived within this of its handshake
 * @param maxSessions            sessions at once; a new one never displaces a live one
 * @param idleMillis             a session in which nothing arrived for this long is forgotten (the initiator
 *                               forgets it {@link #INITIATOR_MARGIN_MILLIS} sooner, so it never seals into a session
 *                               the responder has forgotten)
 * @param maxQueued              datagrams held per endpoint while a handshake with it is under way
 * @param initRetryMillis        an unanswered HANDSHAKE_INIT is sent again after this
 * @param initAttempts           HANDSHAKE_INITs sent per handshake before giving up
 * @param dropLogPerSecond       refused datagrams traced one by one in any second
 */
public record SecureLimits(int maxHandshakes, int maxHandshakesPerSource, long handshakeMillis, int maxSessions,
                           long idleMillis, int maxQueued, long initRetryMillis, int initAttempts, int dropLogPerSecond) {

    /**
     * Handshakes under way at once: an XX handshake waits one round trip for its FINISH, so 1,024
     * is hundreds of new clients a second, and costs some 200 bytes each.
     */
    public static final int MAX_HANDSHAKES = 1_024;

    /** A client behind one address runs one handshake at a time; 4 leave room for retries, not for a flood. */
    public static final int MAX_HANDSHAKES_PER_SOURCE = 4;

    /** A handshake takes a round trip or two; 5 s covers the slowest path and a retry. */
    public static final long HANDSHAKE_MILLIS = 5_000;

    /** An introducer's sessions: one per registered keyed peer, with room for the peers of a large mesh. */
    public static final int INTRODUCER_SESSIONS = 4_096;

    /** A peer's sessions: its introducers and the peers it talks to. */
    public static final int PEER_SESSIONS = 256;

    /**
     * A session lives as long as the registration it carries (5 keepalive periods, 145 s): a peer
     * keeps its introducer session alive with the pings that keep it registered there.
     */
    public static final long IDLE_MILLIS = 5 * PeerDefaults.KEEP_ALIVE_TIMEOUT;

    /** How much sooner the initiator forgets an idle session: more than a datagram's trip. */
    public static final long INITIATOR_MARGIN_MILLIS = 10_000;

    /** What an inner node sends while the handshake runs: its pings and their retries, a few messages. */
    public static final int MAX_QUEUED = 16;

    /** An unanswered init is sent again after 1 s, as a peer retries its pings. */
    public static final long INIT_RETRY_MILLIS = 1_000;

    /** 5 inits, each after the last's retry time: given up after 5 s, the handshake lifetime. */
    public static final int INIT_ATTEMPTS = 5;

    /** Refused datagrams traced one by one per second, as the introducer does. */
    public static final int DROP_LOG_PER_SECOND = 10;

    public SecureLimits {
        if (maxHandshakes < 1 || maxHandshakesPerSource < 1 || maxSessions < 1 || maxQueued < 0 || initAttempts < 1) {
            throw new IllegalArgumentException("limits must be positive: " + this);
        }
        if (idleMillis <= INITIATOR_MARGIN_MILLIS) {
            throw new IllegalArgumentException("idleMillis must exceed the initiator's margin of " + INITIATOR_MARGIN_MILLIS + " ms");
        }
    }

    /** An introducer's (or rendezvous server's) limits. */
    public static SecureLimits introducer() {
        return withSessions(INTRODUCER_SESSIONS);
    }

    /** A peer's (or mesh client's) limits. */
    public static SecureLimits peer() {
        return withSessions(PEER_SESSIONS);
    }

    private static SecureLimits withSessions(int sessions) {
        return new SecureLimits(MAX_HANDSHAKES, MAX_HANDSHAKES_PER_SOURCE, HANDSHAKE_MILLIS, sessions, IDLE_MILLIS,
                MAX_QUEUED, INIT_RETRY_MILLIS, INIT_ATTEMPTS, DROP_LOG_PER_SECOND);
    }

    /** The same limits with {@code sessions} sessions at most. */
    public SecureLimits withMaxSessions(int sessions) {
        return new SecureLimits(maxHandshakes, maxHandshakesPerSource, handshakeMillis, sessions, idleMillis, maxQueued,
                initRetryMillis, initAttempts, dropLogPerSecond);
    }
}
