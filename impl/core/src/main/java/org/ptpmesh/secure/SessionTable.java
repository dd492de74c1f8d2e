package org.ptpmesh.secure;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.random.RandomGenerator;
import org.ptpmesh.wire.Endpoint;

/**
 * A node's sessions and the XX handshakes it answered, within its {@link SecureLimits}: at most
 * {@code maxHandshakes} handshakes, {@code maxHandshakesPerSource} from one endpoint (past either
 * the oldest goes first), each forgotten after {@code handshakeMillis}; at most {@code
 * maxSessions} sessions, where a new one is refused rather than displace a live one. A session
 * is live while the peer is heard in it: one in which nothing sealed arrived within {@code
 * handshakeMillis} of its handshake, or for {@code idleMillis} since, is forgotten; the initiator
 * forgets a little sooner than the responder, so that it makes a new session rather than seal
 * into one its peer has forgotten. Owned by one event loop.
 */
final class SessionTable {

    private static final long INDEX_MASK = 0xFFFF_FFFFL;

    private final SecureLimits limits;
    /** By local index, oldest first. */
    private final LinkedHashMap<Long, PendingHandshake> handshakes = new LinkedHashMap<>();
    /** The local indexes of each source's handshakes, oldest first. */
    private final Map<Endpoint, ArrayDeque<Long>> handshakesBySource = new HashMap<>();
    private final Map<Long, Session> sessions = new HashMap<>();
    /** The session sealed datagrams on a route go in: the newest, or the last one the peer proved live. */
    private final Map<Route, Session> sessionsByRoute = new HashMap<>();

    SessionTable(SecureLimits limits) {
        this.limits = limits;
    }

    /** A random 32-bit index no session or handshake here uses, nor any {@code takenElsewhere} says is taken. */
    long freshIndex(RandomGenerator random, LongPredicate takenElsewhere) {
        while (true) {
            long index = random.nextLong() & INDEX_MASK;
            if (!sessions.containsKey(index) && !handshakes.containsKey(index) && !takenElsewhere.test(index)) {
                return index;
            }
        }
    }

    /** Keeps {@code handshake}, first forgetting the oldest of its source's, then the oldest of all, past their limits. */
    void addHandshake(PendingHandshake handshake) {
        ArrayDeque<Long> ofSource = handshakesBySource.computeIfAbsent(handshake.from(), e -> new ArrayDeque<>());
        if (ofSource.size() >= limits.maxHandshakesPerSource()) {
            removeHandshake(ofSource.peekFirst());
        }
        if (handshakes.size() >= limits.maxHandshakes()) {
            removeHandshake(handshakes.keySet().iterator().next());
        }
        handshakes.put(handshake.localIndex(), handshake);
        handshakesBySource.computeIfAbsent(handshake.from(), e -> new ArrayDeque<>()).addLast(handshake.localIndex());
    }

    /** The handshake answered under {@code localIndex}, or null. */
    PendingHandshake handshake(long localIndex) {
        return handshakes.get(localIndex);
    }

    void removeHandshake(long localIndex) {
        PendingHandshake gone = handshakes.remove(localIndex);
        if (gone != null) {
            ArrayDeque<Long> ofSource = handshakesBySource.get(gone.from());
            ofSource.remove(localIndex);
            if (ofSource.isEmpty()) {
                handshakesBySource.remove(gone.from());
            }
        }
    }

    /** Whether a new session fits once the sessions no longer live at {@code now} are forgotten. */
    boolean hasRoomForSession(long now) {
        if (sessions.size() < limits.maxSessions()) {
            return true;
        }
        expire(now);
        return sessions.size() < limits.maxSessions();
    }

    /**
     * Adds {@code session}, which {@link #hasRoomForSession} allowed. Sealed datagrams on its
     * route go in it unless a session there has been confirmed: then only once the peer seals
     * in the new one ({@link #received}), so that a replayed IK init, which makes a session
     * nobody can use, does not take the endpoint from the live one.
     */
    void addSession(Session session) {
        if (sessions.size() >= limits.maxSessions()) {
            throw new IllegalStateException("the session table is full (" + limits.maxSessions() + ")");
        }
        sessions.put(session.localIndex, session);
        Session current = sessionsByRoute.get(session.route);
        if (current == null || !current.confirmed) {
            sessionsByRoute.put(session.route, session);
        }
    }

    /** The session numbered {@code localIndex} here, or null. */
    Session session(long localIndex) {
        return sessions.get(localIndex);
    }

    /** The session sealed datagrams on {@code route} go in, or null: they go plain. */
    Session sessionOn(Route route) {
        return sessionsByRoute.get(route);
    }

    /** Whether a session runs with {@code to} on any local port. */
    boolean hasSessionWith(Endpoint to) {
        for (Route route : sessionsByRoute.keySet()) {
            if (!route.isRelayed() && route.endpoint().equals(to)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A sealed datagram of {@code session} opened, on its route: the session is live, and the
     * peer's answers go in it. When both peers started a handshake at once there are two
     * sessions on the route; datagrams go in the one the peer last sealed in, both are accepted.
     */
    void received(Session session, long now) {
        session.confirmed = true;
        session.lastReceived = now;
        sessionsByRoute.put(session.route, session);
    }

    /** Forgets the handshakes and sessions whose time is up at {@code now}. */
    void expire(long now) {
        while (!handshakes.isEmpty()) {
            PendingHandshake oldest = handshakes.values().iterator().next();
            if (now - oldest.startedAt() < limits.handshakeMillis()) {
                break;
            }
            removeHandshake(oldest.localIndex());
        }
        sessions.values().removeIf(s -> {
            if (isLive(s, now)) {
                return false;
            }
            sessionsByRoute.remove(s.route, s);
            return true;
        });
    }

    private boolean isLive(Session s, long now) {
        if (!s.confirmed) {
            return now - s.openedAt < limits.handshakeMillis();
        }
        long idle = s.initiator ? limits.idleMillis() - SecureLimits.INITIATOR_MARGIN_MILLIS : limits.idleMillis();
        return now - s.lastReceived < idle;
    }

    int handshakeCount() {
        return handshakes.size();
    }

    int sessionCount() {
        return sessions.size();
    }
}
