package org.ptpmesh.secure;

import java.util.Arrays;
import org.ptpmesh.noise.CounterCipher;
import org.ptpmesh.noise.ReplayWindow;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.PeerId;

/**
 * One completed handshake: the keys each way, both session indexes, the key the peer proved, the
 * counters already taken, and when it was last used. Owned by the node's event loop.
 */
final class Session {

    final long localIndex;
    final long peerIndex;
    final byte[] peerKey;
    final PeerId peerId;
    final boolean initiator;
    /** Seals with the next counter to send. */
    final CounterCipher sending;
    final CounterCipher receiving;
    final ReplayWindow received = new ReplayWindow();
    final long openedAt;
    /**
     * The local port and endpoint the handshake ran on: sealed datagrams go there, and are taken
     * only from there (a sealed datagram replayed from another address is dropped).
     */
    final Route route;
    /**
     * When a sealed datagram of the peer last opened: what keeps a session alive. Not when one was
     * last sent: a session the peer has forgotten sees sends and no answers, and must go.
     */
    long lastReceived;
    /** Whether a sealed datagram arrived in it: the peer holds the keys and receives at its address. */
    boolean confirmed;
    /**
     * An XX initiator's HANDSHAKE_FINISH, sent again before each sealed datagram until the session
     * is confirmed: without it the responder has no session, and a lost FINISH would cost every
     * datagram until the session is given up. Null for every other session.
     */
    byte[] finish;
    /**
     * The punch's HANDSHAKE_INIT this responder session answered, and the answer: the initiator
     * sends the same init with each punch until an answer reaches it, and each copy gets that
     * answer again rather than a session of its own. Null for every other session.
     */
    AnsweredInit answeredPunch;

    /** A HANDSHAKE_INIT, byte for byte, and the HANDSHAKE_RESP it got. */
    record AnsweredInit(byte[] init, byte[] resp) {

        boolean isOf(DatagramView view) {
            return Arrays.equals(init, 0, init.length, view.buffer(), 0, view.length());
        }
    }

    Session(long localIndex, long peerIndex, byte[] peerKey, boolean initiator, CounterCipher sending,
            CounterCipher receiving, Route route, long now) {
        this.localIndex = localIndex;
        this.peerIndex = peerIndex;
        this.peerKey = peerKey;
        this.peerId = KeyedPeerId.of(peerKey);
        this.initiator = initiator;
        this.sending = sending;
        this.receiving = receiving;
        this.route = route;
        this.openedAt = now;
        this.lastReceived = now;
    }
}
