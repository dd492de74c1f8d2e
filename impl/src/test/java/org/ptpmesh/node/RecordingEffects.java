package org.ptpmesh.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.Endpoint;

/** Effects that only record, for driving a sans-IO node by hand in tests. */
public final class RecordingEffects implements Effects {

    /** One datagram a node asked to send. */
    public record Sent(int localPort, Endpoint to, byte[] payload, int ttl) {
    }

    public final List<Sent> sent = new ArrayList<>();
    public final Map<String, Long> timers = new LinkedHashMap<>();
    public final TreeSet<Integer> bound = new TreeSet<>();
    public final List<TraceEvent> trace = new ArrayList<>();

    @Override
    public void send(int localPort, Endpoint to, byte[] payload, int ttl) {
        sent.add(new Sent(localPort, to, payload, ttl));
    }

    @Override
    public void bind(int port) {
        bound.add(port);
    }

    @Override
    public void unbind(int port) {
        bound.remove(port);
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
        trace.add(event);
    }

    /** Forgets what was sent and traced so far (timers and ports stay). */
    public void clearOutput() {
        sent.clear();
        trace.clear();
    }
}
