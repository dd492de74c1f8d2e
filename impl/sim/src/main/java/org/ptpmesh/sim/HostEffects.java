package org.ptpmesh.sim;

import org.ptpmesh.node.Effects;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.Endpoint;

/** The simulator's side of {@link Effects} for one host: each effect is applied as it is written. */
final class HostEffects implements Effects {

    private final Host host;

    HostEffects(Host host) {
        this.host = host;
    }

    @Override
    public void send(int localPort, Endpoint to, byte[] payload, int ttl) {
        host.send(localPort, to, payload, ttl);
    }

    @Override
    public void bind(int port) {
        host.bind(port);
    }

    @Override
    public void unbind(int port) {
        host.unbind(port);
    }

    @Override
    public void setTimer(TimerKey key, long atMillis) {
        host.setTimer(key, atMillis);
    }

    @Override
    public void cancelTimer(TimerKey key) {
        host.cancelTimer(key);
    }

    @Override
    public void trace(TraceEvent event) {
        host.simulation().trace(event);
    }
}
