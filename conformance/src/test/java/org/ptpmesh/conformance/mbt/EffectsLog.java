package org.ptpmesh.conformance.mbt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ptpmesh.node.Effects;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.Endpoint;

/** Keeps what a sans-IO node asked for: the timers it holds and the datagrams it sent. */
final class EffectsLog implements Effects {

    record Sent(int localPort, Endpoint to, byte[] payload) {
    }

    final Map<String, Long> timers = new HashMap<>();
    final List<Sent> sent = new ArrayList<>();

    @Override
    public void send(int localPort, Endpoint to, byte[] payload, int ttl) {
        sent.add(new Sent(localPort, to, payload));
    }

    @Override
    public void bind(int port) {
        // ports do not matter to the liveness model
    }

    @Override
    public void unbind(int port) {
        // ports do not matter to the liveness model
    }

    @Override
    public void setTimer(String key, long atMillis) {
        timers.put(key, atMillis);
    }

    @Override
    public void cancelTimer(String key) {
        timers.remove(key);
    }

    @Override
    public void trace(TraceEvent event) {
        // the adapter observes state and effects, not the trace
    }
}
