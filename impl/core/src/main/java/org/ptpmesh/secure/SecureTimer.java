package org.ptpmesh.secure;

import org.ptpmesh.node.TimerKey;
import org.ptpmesh.wire.Endpoint;

/** The timers of a {@link SecureNode}: its own, and its inner node's wrapped so that they never collide with them. */
sealed interface SecureTimer extends TimerKey {

    /** A timer the inner node set. */
    record Inner(TimerKey key) implements SecureTimer {
    }

    /** Sends the HANDSHAKE_INIT to {@code to} again, or gives up. */
    record RetryInit(Endpoint to) implements SecureTimer {
    }

    /** Forgets the handshakes and sessions whose time is up. */
    record Sweep() implements SecureTimer {
    }
}
