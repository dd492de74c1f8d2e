package org.ptpmesh.nat;

import org.ptpmesh.wire.Endpoint;

/**
 * The introducer design's NAT check, as pure logic: the first pong sets the public address; a
 * message on the test port means Static; two pongs (from the two introducers) with different ports
 * mean Hard, with the same port Easy. One classifier per check; start a new one to classify again.
 */
public final class NatClassifier {

    private Endpoint pongA;
    private Endpoint pongB;
    private boolean testReceived;

    /** The public address the first pong reported, or null before any pong. */
    public Endpoint publicAddress() {
        return pongA != null ? pongA : pongB;
    }

    public void pongFromA(Endpoint observed) {
        pongA = observed;
    }

    public void pongFromB(Endpoint observed) {
        pongB = observed;
    }

    public void testReceived() {
        testReceived = true;
    }

    /**
     * Whether a pong from introducer A (or B) now reports another public endpoint than the one
     * this check recorded from it: the NAT changed under the peer (a router restart, a new
     * address from the provider, a remapped port), so the type found may no longer hold.
     */
    public boolean contradicts(boolean fromA, Endpoint observed) {
        Endpoint recorded = fromA ? pongA : pongB;
        return recorded != null && !recorded.equals(observed);
    }

    public boolean hasBothPongs() {
        return pongA != null && pongB != null;
    }

    /** UNKNOWN until a test message or both pongs are in. */
    public NatType result() {
        if (testReceived) {
            return NatType.STATIC;
        }
        if (!hasBothPongs()) {
            return NatType.UNKNOWN;
        }
        return pongA.port() == pongB.port() ? NatType.EASY : NatType.HARD;
    }
}
