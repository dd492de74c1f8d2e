package org.ptpmesh.dualstack;

import org.ptpmesh.peer.Path;

/**
 * Which family's path a dual-stack peer sends a remote's data on (RFC 8305's spirit): a direct
 * path beats the relay, any path beats none; two direct paths go by RTT, and IPv6 wins unless
 * IPv4 is clearly faster (or before both RTTs are measured). Between two relays the data stays
 * where it is: their RTTs are the introducers', and a switch would only wait for acknowledgements.
 */
public final class PathChoice {

    /**
     * IPv4 must be faster by more than this many ms (and {@link #TIE_FRACTION}): loopback and LAN
     * paths differ by less than a millisecond, and a keepalive's millisecond timestamps cannot see less.
     */
    public static final long TIE_MILLIS = 1;

    /**
     * IPv4 must be faster by more than this share of the IPv6 RTT: samples of one steady path vary by a few
     * percent (queues, scheduling), and a margin above that keeps data from flapping between
     * families on noise; each switch waits for the old path's acknowledgements.
     */
    public static final double TIE_FRACTION = 0.10;

    private PathChoice() {
    }

    /**
     * The family to send on, or null when neither has a path yet.
     *
     * @param current the family data goes on now, null before the first choice
     */
    public static Family choose(FamilyPath four, FamilyPath six, Family current) {
        int byPath = Integer.compare(rank(four.path()), rank(six.path()));
        if (byPath != 0) {
            return byPath > 0 ? Family.IPV4 : Family.IPV6;
        }
        if (four.path() == Path.NONE) {
            return null;
        }
        if (four.path() == Path.RELAY) {
            return current != null ? current : Family.IPV6;
        }
        if (clearlyFaster(four.directRttMillis(), six.directRttMillis())) {
            return Family.IPV4;
        }
        return Family.IPV6;
    }

    /** Whether {@code rtt} beats {@code other} by more than the tie margin; false while either is unknown. */
    static boolean clearlyFaster(long rtt, long other) {
        if (rtt < 0 || other < 0) {
            return false;
        }
        double margin = Math.max(TIE_MILLIS, other * TIE_FRACTION);
        return other - rtt > margin;
    }

    private static int rank(Path path) {
        return switch (path) {
            case DIRECT -> 2;
            case RELAY -> 1;
            case NONE -> 0;
        };
    }
}
