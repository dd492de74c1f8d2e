package org.ptpmesh.peer;

import org.ptpmesh.nat.NatType;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/** What a peer knows of another peer (or of an introducer): addresses, liveness, path. */
final class RemotePeer {

    final PeerId id;
    final boolean introducer;
    Endpoint publicAddress;
    Endpoint lanAddress;
    NatType nat = NatType.UNKNOWN;
    /** When it last answered (PONG, KEEPALIVE_ACK, PUNCH_ACK): what its state is a function of. */
    long lastAnswer;
    PeerState state = PeerState.ACTIVE;
    Path path = Path.NONE;
    /** The confirmed direct path: our port and its endpoint. */
    int directLocalPort;
    Endpoint directEndpoint;
    /** When the direct path last carried an answer; falling back to relay is judged on it. */
    long lastDirectAnswer;
    /** The last keepalive (or ping, for an introducer) and how often it was sent again. */
    long keepaliveSentAt;
    int keepaliveRetries;
    /** Round-trip time of the last keepalive answered (YOURTS echoes our MYTS), -1 before any. */
    long rttMillis = -1;

    RemotePeer(PeerId id, boolean introducer, long now) {
        this.id = id;
        this.introducer = introducer;
        this.lastAnswer = now;
    }

    /** The introducer design's state, except that introducers stop at Missing: they are never forgotten. */
    PeerState stateAt(long now, long keepAliveMillis) {
        PeerState s = PeerState.after(now - lastAnswer, keepAliveMillis);
        return introducer && s == PeerState.FORGOTTEN ? PeerState.MISSING : s;
    }

    boolean isDirectFrom(int localPort, Endpoint from) {
        return path == Path.DIRECT && directLocalPort == localPort && from.equals(directEndpoint);
    }
}
