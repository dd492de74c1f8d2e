package org.ptpmesh.secure;

import java.util.ArrayDeque;
import org.ptpmesh.noise.HandshakePattern;
import org.ptpmesh.noise.HandshakeState;
import org.ptpmesh.wire.Endpoint;

/**
 * A handshake this node started with an endpoint it must reach sealed, or with a peer it punches
 * toward or relays to ({@code attempt} at least 0), and what its inner node sent there meanwhile
 * (at most {@link SecureLimits#maxQueued()} datagrams).
 */
final class Initiation {

    /** One datagram of the inner node, held until the session exists. */
    record Queued(int localPort, byte[] payload, int ttl) {
    }

    final Route route;
    final Endpoint to;
    final int localPort;
    final long localIndex;
    final HandshakePattern pattern;
    /** The key IK expects (pinned or known), or null for XX. */
    final byte[] expectedKey;
    /** The connect attempt whose INTRO named the key (a punch's or a relay's handshake), or -1 for an introducer's handshake. */
    final long attempt;
    final long startedAt;
    final ArrayDeque<Queued> queue = new ArrayDeque<>();
    /** The state of the last init sent: each retry is a new handshake, with a new ephemeral key. */
    HandshakeState state;
    /** The last init sent: a punch's init is sent again, the same, with each punch. */
    byte[] message;
    int attempts;

    Initiation(Route route, long localIndex, byte[] expectedKey, long attempt, long now) {
        this.route = route;
        this.to = route.endpoint();
        this.localPort = route.localPort();
        this.localIndex = localIndex;
        this.expectedKey = expectedKey;
        this.attempt = attempt;
        this.startedAt = now;
        this.pattern = expectedKey == null ? HandshakePattern.XX : HandshakePattern.IK;
    }

    boolean isPunch() {
        return attempt >= 0;
    }

    /** The same attempt as XX: same endpoint, port and index, what was queued kept. */
    Initiation withoutExpectedKey() {
        Initiation xx = new Initiation(route, localIndex, null, attempt, startedAt);
        xx.queue.addAll(queue);
        return xx;
    }
}
