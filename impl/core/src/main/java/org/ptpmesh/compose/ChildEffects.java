package org.ptpmesh.compose;

import org.ptpmesh.node.Effects;
import org.ptpmesh.node.ForwardingEffects;
import org.ptpmesh.node.TimerKey;

/**
 * The effects one child of a {@link CompositeNode} writes to: its timer keys wrapped with its
 * slot, its binds of ports it does not own left out, the rest passed through. One per child,
 * pointed at the driver's effects for each callback, so routing a datagram allocates nothing.
 */
final class ChildEffects extends ForwardingEffects {

    private final int slot;
    private final Child child;
    private final CompositeNode composite;

    ChildEffects(int slot, Child child, CompositeNode composite) {
        this.slot = slot;
        this.child = child;
        this.composite = composite;
    }

    /** Points this at the effects of the callback being handled; returns this. */
    ChildEffects to(Effects driverEffects) {
        forwardTo(driverEffects);
        return this;
    }

    @Override
    public void bind(int port) {
        if (child.ownsPort().test(port)) {
            composite.boundBy(port, slot);
            out().bind(port);
        }
    }

    @Override
    public void unbind(int port) {
        if (child.ownsPort().test(port)) {
            out().unbind(port);
        }
    }

    @Override
    public void setTimer(TimerKey key, long atMillis) {
        out().setTimer(new SlotTimer(slot, key), atMillis);
    }

    @Override
    public void cancelTimer(TimerKey key) {
        out().cancelTimer(new SlotTimer(slot, key));
    }
}
