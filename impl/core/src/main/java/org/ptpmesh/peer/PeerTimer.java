package org.ptpmesh.peer;

import org.ptpmesh.node.TimerKey;
import org.ptpmesh.wire.PeerId;

/** The timers of a {@link Peer}; the ones about another peer carry its id. */
public sealed interface PeerTimer extends TimerKey {

    /** Timers a peer has one of each. */
    enum Fixed implements PeerTimer {
        /** Start (or restart) the NAT check. */
        CALCULATE_NAT,
        /** No pong from an introducer yet: ping again. */
        RETRY_PING,
        /** The wait for a message on the test port is over: classify the NAT. */
        CLASSIFY,
        /** An introducer has not answered the ping that reported the NAT type: report it again. */
        RETRY_REPORT,
        /** The keepalive period is up: ping every known peer. */
        KEEPALIVE
    }

    /** No answer yet to the keepalive sent to {@code peer}: send it again. */
    record KeepaliveRetry(PeerId peer) implements PeerTimer {
    }

    /** Application data sent to {@code target} is not acknowledged yet: send it again. */
    record Retransmit(PeerId target) implements PeerTimer {
    }

    /** The next {@code step} of the connect attempt to {@code target}. */
    record Punch(PunchStep step, PeerId target) implements PeerTimer {
    }

    /** What a connect attempt's timer does when it fires. */
    enum PunchStep {
        /** No INTRO answered the introduction request yet: ask again. */
        INTRO,
        /** Send the next punch. */
        PUNCH,
        /** Send the next birthday probe. */
        PROBE,
        /** The attempt took too long: give up (the path stays on the relay). */
        GIVE_UP
    }
}
