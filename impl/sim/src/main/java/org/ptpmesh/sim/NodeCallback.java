package org.ptpmesh.sim;

import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;

/**
 * A call into a host's node other than a datagram: start, a timer, an address change, a failed
 * bind. It belongs to one run of the node (a restart orphans the old run's callbacks) and waits
 * while the host sleeps; datagrams do not wait, they are dropped.
 */
final class NodeCallback extends Event {

    interface Action {
        void apply(Node node, long now, Effects out);
    }

    final Host host;
    final int run;
    final Action action;
    /** Set for timers only: the key that {@code setTimer} replaces and {@code cancelTimer} removes. */
    final TimerKey timerKey;
    boolean cancelled;

    NodeCallback(Host host, int run, TimerKey timerKey, Action action) {
        this.host = host;
        this.run = run;
        this.timerKey = timerKey;
        this.action = action;
    }

    @Override
    void fire() {
        host.call(this);
    }
}
