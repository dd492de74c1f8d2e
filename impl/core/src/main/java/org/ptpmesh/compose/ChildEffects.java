package org.ptpmesh.compose;

import org.ptpmesh.node.Effects;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.portmap.PortMapGateway;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.Endpoint;

/**
 * The effects one child of a {@link CompositeNode} writes to: its timer keys wrapped with its
 * slot, its binds of ports it does not own left out, the rest passed through. One per child,
 * pointed at the driver's effects for each callback, so routing a datagram allocates nothing.
 */
final class ChildEffects implements Effects {

    private final int slot;
    private final Child child;
    private final CompositeNode composite;
    private Effects out;

    ChildEffects(int slot, Child child, CompositeNode composite) {
        this.slot = slot;
        this.child = child;
        this.composite = composite;
    }

    /** Points this at the effects of the callback being handled; returns this. */
    ChildEffects to(Effects driverEffects) {
        this.out = driverEffects;
        return this;
    }

    @Override
    public void send(int localPort, Endpoint to, byte[] payload, int ttl) {
        out.send(localPort, to, payload, ttl);
    }

    @Override
    public void bind(int port) {
        if (child.ownsPort().test(port)) {
            composite.boundBy(port, slot);
            out.bind(port);
        }
    }

    @Override
    public void unbind(int port) {
        if (child.ownsPort().test(port)) {
            out.unbind(port);
        }
    }

    @Override
    public void setTimer(TimerKey key, long atMillis) {
        out.setTimer(new SlotTimer(slot, key), atMillis);
    }

    @Override
    public void cancelTimer(TimerKey key) {
        out.cancelTimer(new SlotTimer(slot, key));
    }

    @Override
    public boolean mapPortByUpnp(PortMapGateway gateway, int port) {
        return out.mapPortByUpnp(gateway, port);
    }

    @Override
    public void unmapPortByUpnp(int port) {
        out.unmapPortByUpnp(port);
    }

    @Override
    public void trace(TraceEvent event) {
        out.trace(event);
    }
}
