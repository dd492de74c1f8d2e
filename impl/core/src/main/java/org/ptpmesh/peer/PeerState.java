package org.ptpmesh.peer;

/**
 * The introducer design's PeerStates: how long since a peer last answered, in multiples of
 * keepAlive, with strict comparisons (exactly 1.5 x keepAlive of silence is still Active).
 */
public enum PeerState {
    ACTIVE, INACTIVE, MISSING, FORGOTTEN;

    /** The state after {@code silentMillis} without an answer. */
    public static PeerState after(long silentMillis, long keepAliveMillis) {
        // Compare in half-units so 1.5 x keepAlive stays exact in integer arithmetic.
        long twice = 2 * silentMillis;
        if (twice > 10 * keepAliveMillis) {
            return FORGOTTEN;
        }
        if (twice > 6 * keepAliveMillis) {
            return MISSING;
        }
        if (twice > 3 * keepAliveMillis) {
            return INACTIVE;
        }
        return ACTIVE;
    }
}
