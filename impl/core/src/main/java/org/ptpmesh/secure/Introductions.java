package org.ptpmesh.secure;

import java.util.Iterator;
import java.util.LinkedHashMap;
import org.ptpmesh.peer.PeerDefaults;

/**
 * The introductions a peer's introducers sealed to it, by attempt: at most {@link #MAX_INTRODUCTIONS},
 * past it the oldest goes, each forgotten {@link #INTRODUCTION_MILLIS} after it came. Only an
 * introducer's session fills it, so the limit guards against a flood of genuine requests, not
 * against strangers. Owned by one event loop.
 */
final class Introductions {

    /** A peer punches with a few peers at a time; as many as it keeps sessions leaves room for a mesh's worth. */
    static final int MAX_INTRODUCTIONS = SecureLimits.PEER_SESSIONS;

    /**
     * An attempt punches for at most CONNECTING_MAX_TIME (BDP x BDP_MAX_PACKETS) after its punch
     * delay; kept twice that, so the far side's late handshake is still told apart from a stranger's.
     */
    static final long INTRODUCTION_MILLIS = 2 * (PeerDefaults.BDP * PeerDefaults.BDP_MAX_PACKETS + 2 * PeerDefaults.PUNCH_DELAY_MILLIS);

    private final LinkedHashMap<Long, Introduction> byAttempt = new LinkedHashMap<>();

    void add(Introduction introduction) {
        byAttempt.remove(introduction.attempt());
        if (byAttempt.size() >= MAX_INTRODUCTIONS) {
            Iterator<Long> oldest = byAttempt.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        byAttempt.put(introduction.attempt(), introduction);
    }

    /** The introduction of {@code attempt}, or null. */
    Introduction get(long attempt) {
        return byAttempt.get(attempt);
    }

    /** Forgets the introductions whose time is up at {@code now}. */
    void expire(long now) {
        byAttempt.values().removeIf(i -> now - i.receivedAt() >= INTRODUCTION_MILLIS);
    }

    int size() {
        return byAttempt.size();
    }
}
