package org.ptpmesh.secure;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.Endpoint;

/**
 * A network without loss or delay for nodes at fixed endpoints (each bound on its endpoint's
 * port): what they send is delivered in order, timers fire in time order, and every datagram
 * and trace event is kept for the test to read.
 */
final class TestNet {

    record Sent(Endpoint from, Endpoint to, byte[] data) {
    }

    private record Timer(Endpoint node, TimerKey key) {
    }

    final List<Sent> sent = new ArrayList<>();
    final List<TraceEvent> traces = new ArrayList<>();
    private final Map<Endpoint, Node> nodes = new LinkedHashMap<>();
    private final ArrayDeque<Sent> inFlight = new ArrayDeque<>();
    private final Map<Timer, Long> timers = new HashMap<>();
    /** Datagrams this says to lose are sent (and kept in {@link #sent}) but not delivered. */
    Predicate<Sent> lose = s -> false;
    long now;

    void add(Endpoint at, Node node) {
        nodes.put(at, node);
        node.start(now, effects(at));
        deliver();
    }

    /** Hands {@code data} to the node at {@code to} as if {@code from} sent it, then delivers what follows. */
    void inject(Endpoint from, Endpoint to, byte[] data) {
        nodes.get(to).onDatagram(to.port(), from, data, now, effects(to));
        deliver();
    }

    /** Runs {@code action} with the effects of the node at {@code at} (a call from outside its callbacks), then delivers what follows. */
    void act(Endpoint at, Consumer<Effects> action) {
        action.accept(effects(at));
        deliver();
    }

    /** Runs every timer due within {@code millis}, delivering what each sends. */
    void advance(long millis) {
        long until = now + millis;
        while (true) {
            Map.Entry<Timer, Long> next = timers.entrySet().stream().filter(e -> e.getValue() <= until)
                    .min(Map.Entry.comparingByValue()).orElse(null);
            if (next == null) {
                break;
            }
            timers.remove(next.getKey());
            now = Math.max(now, next.getValue());
            nodes.get(next.getKey().node()).onTimer(next.getKey().key(), now, effects(next.getKey().node()));
            deliver();
        }
        now = until;
    }

    /** The datagrams sent from {@code from} to {@code to}, in order. */
    List<byte[]> between(Endpoint from, Endpoint to) {
        return sent.stream().filter(s -> s.from().equals(from) && s.to().equals(to)).map(Sent::data).toList();
    }

    private void deliver() {
        while (!inFlight.isEmpty()) {
            Sent s = inFlight.removeFirst();
            Node to = nodes.get(s.to());
            if (to != null && !lose.test(s)) {
                to.onDatagram(s.to().port(), s.from(), s.data(), now, effects(s.to()));
            }
        }
    }

    Effects effects(Endpoint at) {
        return new Effects() {
            @Override
            public void send(int localPort, Endpoint to, byte[] payload, int ttl) {
                Sent s = new Sent(at, to, payload);
                sent.add(s);
                inFlight.addLast(s);
            }

            @Override
            public void bind(int port) {
            }

            @Override
            public void unbind(int port) {
            }

            @Override
            public void setTimer(TimerKey key, long atMillis) {
                timers.put(new Timer(at, key), atMillis);
            }

            @Override
            public void cancelTimer(TimerKey key) {
                timers.remove(new Timer(at, key));
            }

            @Override
            public void trace(TraceEvent event) {
                traces.add(event);
            }
        };
    }
}
