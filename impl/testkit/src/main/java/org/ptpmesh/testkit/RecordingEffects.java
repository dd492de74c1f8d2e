package org.ptpmesh.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.portmap.PortMapGateway;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.DecodeResult;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;

/** Effects that only record, for driving a sans-IO node by hand in tests. */
public final class RecordingEffects implements Effects {

    /** One datagram a node asked to send. */
    public record Sent(int localPort, Endpoint to, byte[] payload, int ttl) {

        /** The datagram decoded; fails the test when the node sent something malformed. */
        public Message message() {
            DecodeResult r = Codec.decode(payload);
            if (!(r instanceof DecodeResult.Decoded d)) {
                throw new AssertionError("node sent a malformed datagram: " + r);
            }
            return d.message();
        }
    }

    public final List<Sent> sent = new ArrayList<>();
    public final Map<TimerKey, Long> timers = new LinkedHashMap<>();
    public final TreeSet<Integer> bound = new TreeSet<>();
    public final List<TraceEvent> trace = new ArrayList<>();
    /** Whether these effects stand for a driver that speaks UPnP IGD (the simulator does not). */
    public boolean speaksUpnp;
    /** Ports the node asked to map by UPnP, then ports whose UPnP mapping it asked to delete. */
    public final List<Integer> upnpMaps = new ArrayList<>();
    public final List<Integer> upnpUnmaps = new ArrayList<>();

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
    public void setTimer(TimerKey key, long atMillis) {
        timers.put(key, atMillis);
    }

    @Override
    public void cancelTimer(TimerKey key) {
        timers.remove(key);
    }

    @Override
    public boolean mapPortByUpnp(PortMapGateway gateway, int port) {
        upnpMaps.add(port);
        return speaksUpnp;
    }

    @Override
    public void unmapPortByUpnp(int port) {
        upnpUnmaps.add(port);
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

    /** Removes and returns what was sent so far. */
    public List<Sent> drain() {
        List<Sent> out = new ArrayList<>(sent);
        sent.clear();
        return out;
    }

    /**
     * Fires every timer due at or before {@code until}, earliest first, on {@code node}; returns
     * the time of the last one fired (or {@code from}).
     */
    public long runTimers(Node node, long from, long until) {
        long now = from;
        while (true) {
            TimerKey next = null;
            long at = Long.MAX_VALUE;
            for (Map.Entry<TimerKey, Long> e : timers.entrySet()) {
                if (e.getValue() <= until && e.getValue() < at) {
                    at = e.getValue();
                    next = e.getKey();
                }
            }
            if (next == null) {
                return now;
            }
            timers.remove(next);
            now = Math.max(now, at);
            node.onTimer(next, now, this);
        }
    }
}
