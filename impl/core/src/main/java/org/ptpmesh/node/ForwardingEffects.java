package org.ptpmesh.node;

import org.ptpmesh.portmap.PortMapGateway;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.Endpoint;

/**
 * Effects that pass every call to the driver's effects of the callback being handled: the base
 * of a layer between a node and its driver that changes a few calls (what is sent, how timers
 * are keyed) and leaves the rest. Pointed at the driver's effects for each callback, so a
 * wrapped callback allocates nothing.
 */
public abstract class ForwardingEffects implements Effects {

    private Effects out;

    /** The driver's effects of the callback being handled. */
    protected Effects out() {
        return out;
    }

    /** Points this at {@code driverEffects}; returns this. */
    protected ForwardingEffects forwardTo(Effects driverEffects) {
        this.out = driverEffects;
        return this;
    }

    @Override
    public void send(int localPort, Endpoint to, byte[] payload, int ttl) {
        out.send(localPort, to, payload, ttl);
    }

    @Override
    public void bind(int port) {
        out.bind(port);
    }

    @Override
    public void unbind(int port) {
        out.unbind(port);
    }

    @Override
    public void setTimer(TimerKey key, long atMillis) {
        out.setTimer(key, atMillis);
    }

    @Override
    public void cancelTimer(TimerKey key) {
        out.cancelTimer(key);
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
