package org.ptpmesh.peer;

import org.ptpmesh.nat.NatType;
import org.ptpmesh.trace.Tracer;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/** What a peer knows of another peer (or of an introducer): addresses, liveness, and the link data takes. */
final class RemotePeer {

    final PeerId id;
    final boolean introducer;
    Endpoint publicAddress;
    Endpoint lanAddress;
    NatType nat = NatType.UNKNOWN;
    /**
     * The key its last INTRO named (PEERKEY), or null for a legacy peer: a keyed peer's direct
     * datagrams count only sealed under it (docs/protocol.md 6.9).
     */
    byte[] key;
    /** When it last answered (PONG, KEEPALIVE_ACK, PUNCH_ACK): what its state is a function of. */
    long lastAnswer;
    PeerState state = PeerState.ACTIVE;
    /** The path to it: changed only through the link's transitions. */
    final Link link;
    /** When the direct path last carried an answer; falling back to relay is judged on it. */
    long lastDirectAnswer;
    /** The last keepalive (or ping, for an introducer) and how often it was sent again. */
    long keepaliveSentAt;
    int keepaliveRetries;
    /** Round-trip time of the last keepalive answered (YOURTS echoes our MYTS), -1 before any. */
    long rttMillis = -1;
    /**
     * Smoothed round-trip time of the direct path (RFC 6298's SRTT, gain 1/8), -1 before its first
     * answered keepalive and again after a fallback: what a dual-stack peer compares paths on.
     * Relayed answers stay out of it, their RTT is the relay's.
     */
    long directRttMillis = -1;

    RemotePeer(PeerId id, boolean introducer, long now, Tracer tracer) {
        this.id = id;
        this.introducer = introducer;
        this.lastAnswer = now;
        this.link = new Link(id, tracer);
    }

    /** The introducer design's state, except that introducers stop at Missing: they are never forgotten. */
    PeerState stateAt(long now, long keepAliveMillis) {
        PeerState s = PeerState.after(now - lastAnswer, keepAliveMillis);
        return introducer && s == PeerState.FORGOTTEN ? PeerState.MISSING : s;
    }

    /** Folds one direct-path RTT sample into {@link #directRttMillis}. */
    void directRttSample(long sampleMillis) {
        directRttMillis = directRttMillis < 0 ? sampleMillis : (7 * directRttMillis + sampleMillis) / 8;
    }

    boolean isDirectFrom(int localPort, Endpoint from) {
        return link.isDirectFrom(localPort, from);
    }
}
