package org.ptpmesh.sim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.Endpoint;

/**
 * One side of a direct hole punch, as an introducer would start it: at {@code startAt} it
 * optionally sends an opener with a low TTL, then pings the peer's public endpoint every
 * {@code interval} ms, and answers every ping with a pong. Traces each datagram it sends and gets.
 */
final class HolePuncher implements Node {

    private enum Timer implements TimerKey { BEGIN, PING }


    static final int PORT = 3456;

    private final String name;
    private final Endpoint peer;
    private final long startAt;
    private final int openerTtl;
    private final long openerLead;
    private final long interval;
    private final int maxPings;
    private int pingsSent;
    final List<Endpoint> heardFrom = new ArrayList<>();

    /** {@code openerTtl} 0 means no opener; otherwise pings follow the opener after {@code openerLead} ms. */
    HolePuncher(String name, Endpoint peer, long startAt, int openerTtl, long openerLead, long interval, int maxPings) {
        this.name = name;
        this.peer = peer;
        this.startAt = startAt;
        this.openerTtl = openerTtl;
        this.openerLead = openerLead;
        this.interval = interval;
        this.maxPings = maxPings;
    }

    boolean heardFromPeer() {
        return heardFrom.stream().anyMatch(e -> e.address().equals(peer.address()));
    }

    @Override
    public void start(long now, Effects out) {
        out.bind(PORT);
        out.setTimer(Timer.BEGIN, startAt);
    }

    @Override
    public void onTimer(TimerKey key, long now, Effects out) {
        if (key == Timer.BEGIN && openerTtl > 0) {
            send(out, peer, "opener", openerTtl, now);
            out.setTimer(Timer.PING, now + openerLead);
        } else if (key == Timer.BEGIN) {
            out.setTimer(Timer.PING, now);
        } else {
            send(out, peer, "ping", Effects.DEFAULT_TTL, now);
            if (++pingsSent < maxPings) {
                out.setTimer(Timer.PING, now + interval);
            }
        }
    }

    @Override
    public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        String text = new String(data, StandardCharsets.UTF_8);
        heardFrom.add(from);
        out.trace(event("Receive", now, from, text));
        if (text.equals(Timer.PING)) {
            send(out, from, "pong", Effects.DEFAULT_TTL, now);
        }
    }

    private void send(Effects out, Endpoint to, String text, int ttl, long now) {
        out.send(PORT, to, text.getBytes(StandardCharsets.UTF_8), ttl);
        out.trace(event("Send", now, to, text));
    }

    private TraceEvent event(String action, long now, Endpoint other, String text) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("other", other);
        params.put("text", text);
        return new TraceEvent(action, name, now, params, Map.of("heard", heardFrom.size()));
    }
}
