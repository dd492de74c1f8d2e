package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;
import org.ptpmesh.peer.PeerTimer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Random;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.messages.Received;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.peer.Path;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.peer.PeerIdentity;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;

/**
 * Drives {@link Peer} through transitions of spec/Keepalive.tla with the core's own shape: the
 * model's iA and iB are the peer's introducers A and B, p1 another peer it holds a direct path
 * to. A model tick is one second of the peer's time.
 *
 * <p>Observed after every step: the keepalive timer (nextKeepAlive), the retry timer of every
 * peer awaiting an answer with retries left (retryIn; once the round's budget is spent the
 * core's timer still fires but does nothing, which the model leaves out), which peers the step pinged (a PING to an introducer, a
 * KEEPALIVE to p1 direct or through the relay), and after a keepalive tick or an answer the
 * state the peer reports for each peer, a forgotten one being no longer known. The core
 * re-evaluates states at its keepalive tick (and sets Active on an answer), so its reported
 * state is compared there and for the peer that answered; in between it lags the model's.
 */
final class KeepaliveAdapter implements ModelAdapter {

    static final long TICK = 1000;
    private static final PeerIdentity A = new PeerIdentity(filled(1), Endpoint.of("198.51.100.1", 3456));
    private static final PeerIdentity B = new PeerIdentity(filled(2), Endpoint.of("198.51.100.2", 3456));
    private static final PeerId SELF = PeerId.of(filled(7));
    private static final PeerId OTHER = PeerId.of(filled(9));
    private static final Endpoint OTHER_AT = Endpoint.of("203.0.113.50", 4000);
    private static final Endpoint PUBLIC = Endpoint.of("203.0.113.9", 3456);

    private final long keepAliveTicks;
    private final long retryTicks;
    private final int retries;
    private final RecordingEffects fx = new RecordingEffects();
    private final Peer peer;
    private long now;

    /** A peer at time 0, classified, introduced to p1 and holding a direct path to it; silence 0 everywhere. */
    KeepaliveAdapter(Map<String, Object> initial, long keepAliveTicks, long retryTicks, int retries) {
        this.keepAliveTicks = keepAliveTicks;
        this.retryTicks = retryTicks;
        this.retries = retries;
        PeerConfig config = PeerConfig.builder("mbt", A, B).keepAliveMillis(keepAliveTicks * TICK)
                .keepAliveRetryMillis(retryTicks * TICK).keepAliveRetries(retries).build();
        peer = new Peer(config, SELF, 0, new Random(1), (from, payload, at) -> { });
        peer.start(0, fx);
        peer.onTimer(PeerTimer.Fixed.CALCULATE_NAT, 0, fx);
        peer.onDatagram(3456, A.endpoint(), Messages.pong(A.peerId(), PUBLIC, NatType.STATIC, 0), 0, fx);
        peer.onDatagram(3456, B.endpoint(), Messages.pong(B.peerId(), PUBLIC, NatType.STATIC, 0), 0, fx);
        peer.onTimer(PeerTimer.Fixed.CLASSIFY, 0, fx);
        peer.onDatagram(3456, A.endpoint(), Messages.intro(A.peerId(), OTHER, OTHER_AT, NatType.EASY, 1, null), 0, fx);
        peer.onDatagram(3456, OTHER_AT, Messages.punch(OTHER, 1, -1), 0, fx);
        assertThat(peer.nat()).isEqualTo(NatType.EASY);
        assertThat(peer.pathTo(OTHER)).isEqualTo(Path.DIRECT);
        fx.sent.clear();
        observe(initial, initialPeers(initial));
    }

    @Override
    public void apply(String action, Map<String, Object> from, Map<String, Object> to) {
        fx.sent.clear();
        Set<Object> evaluated = Set.of();
        switch (action) {
            case "Tick" -> {
                fireSpentRetryTimers(from);
                now += TICK;
            }
            case "KeepAliveTick" -> {
                assertThat(fx.timers.get(PeerTimer.Fixed.KEEPALIVE)).as("keepalive timer").isEqualTo(now);
                peer.onTimer(PeerTimer.Fixed.KEEPALIVE, now, fx);
                evaluated = fn(to, "state").keySet();
            }
            case "RetryKeepalive" -> {
                String p = flipped(from, to, "inFlight");
                PeerTimer key = new PeerTimer.KeepaliveRetry(id(p));
                assertThat(fx.timers.get(key)).as("retry timer of " + p).isEqualTo(now);
                peer.onTimer(key, now, fx);
            }
            case "ReceiveKeepaliveAck" -> {
                String p = flipped(from, to, "inFlight");
                answer(p);
                evaluated = Set.of(p);
            }
            case "PingLost" -> flipped(from, to, "inFlight");
            default -> throw new AssertionError("the adapter has no step for action " + action);
        }
        assertThat(pinged()).as("peers pinged by " + action).isEqualTo(expectedPings(action, from, to));
        observe(to, evaluated);
    }

    /**
     * Time passes only when no retry is due in the model, so a core retry timer due now belongs
     * to a peer that answered or spent its round's budget: it fires and must send nothing (the
     * model's Tick pings no one), which is what holds the core to the retry budget. Left out: a
     * peer the model has already forgotten, which the core forgets at its next keepalive tick
     * and until then still retries (the lag of the class comment).
     */
    private void fireSpentRetryTimers(Map<String, Object> model) {
        Map<Object, Object> state = fn(model, "state");
        for (Object p : state.keySet()) {
            PeerTimer key = new PeerTimer.KeepaliveRetry(id((String) p));
            Long due = fx.timers.get(key);
            if (!"Forgotten".equals(state.get(p)) && due != null && due == now) {
                peer.onTimer(key, now, fx);
            }
        }
    }

    private void answer(String p) {
        switch (p) {
            case "iA" -> peer.onDatagram(3456, A.endpoint(), Messages.pong(A.peerId(), PUBLIC, NatType.STATIC, 0), now, fx);
            case "iB" -> peer.onDatagram(3456, B.endpoint(), Messages.pong(B.peerId(), PUBLIC, NatType.STATIC, 0), now, fx);
            default -> {
                byte[] ack = Messages.keepaliveAck(OTHER, 0);
                if (peer.pathTo(OTHER) == Path.DIRECT) {
                    peer.onDatagram(3456, OTHER_AT, ack, now, fx);
                } else {
                    peer.onDatagram(3456, A.endpoint(), Messages.relayed(A.peerId(), OTHER, ack), now, fx);
                }
            }
        }
    }

    /** What the model says the step sends: a ping to every tracked peer, or to the one retried. */
    private static Map<String, Integer> expectedPings(String action, Map<String, Object> from, Map<String, Object> to) {
        Map<String, Integer> expected = new HashMap<>();
        if (action.equals("KeepAliveTick")) {
            fn(from, "state").forEach((p, s) -> {
                if (!"Forgotten".equals(s)) {
                    expected.put((String) p, 1);
                }
            });
        } else if (action.equals("RetryKeepalive")) {
            expected.put(flipped(from, to, "inFlight"), 1);
        }
        return expected;
    }

    /** The peers this step's datagrams probe, and how often. */
    private Map<String, Integer> pinged() {
        Map<String, Integer> pinged = new HashMap<>();
        DatagramView view = new DatagramView();
        for (RecordingEffects.Sent s : fx.sent) {
            Received m = ((Received.Accepted) Received.parse(view, s.payload())).message();
            String target = null;
            if (m.kind() == MessageKind.PING) {
                target = s.to().equals(A.endpoint()) ? "iA" : s.to().equals(B.endpoint()) ? "iB" : null;
            } else if (m.kind() == MessageKind.KEEPALIVE && s.to().equals(OTHER_AT)) {
                target = "p1";
            } else if (m.kind() == MessageKind.RELAY && OTHER.equals(m.target())) {
                Received inner = ((Received.Accepted) Received.parse(new DatagramView(), m.payload())).message();
                target = inner.kind() == MessageKind.KEEPALIVE ? "p1" : null;
            }
            if (target != null) {
                pinged.merge(target, 1, Integer::sum);
            }
        }
        return pinged;
    }

    private static Set<Object> initialPeers(Map<String, Object> initial) {
        return fn(initial, "state").keySet();
    }

    /** Compares timers always, and the reported state of the peers the core just evaluated. */
    private void observe(Map<String, Object> model, Set<Object> evaluated) {
        assertThat(fx.timers.get(PeerTimer.Fixed.KEEPALIVE)).as("keepalive timer")
                .isEqualTo(now + (Long) model.get("nextKeepAlive") * TICK);
        Map<Object, Object> state = fn(model, "state");
        Map<Object, Object> awaiting = fn(model, "awaiting");
        Map<Object, Object> retryIn = fn(model, "retryIn");
        Map<Object, Object> spent = fn(model, "retries");
        for (Object key : state.keySet()) {
            String p = (String) key;
            boolean forgotten = "Forgotten".equals(state.get(p));
            boolean retriesLeft = (Long) spent.get(p) < retries;
            if (Boolean.TRUE.equals(awaiting.get(p)) && retriesLeft && !forgotten) {
                assertThat(fx.timers.get(new PeerTimer.KeepaliveRetry(id(p)))).as("retry timer of " + p)
                        .isEqualTo(now + (Long) retryIn.get(p) * TICK);
            }
            if (evaluated.contains(p)) {
                if (forgotten) {
                    assertThat(peer.knows(id(p))).as(p + " forgotten").isFalse();
                } else {
                    assertThat(peer.stateOf(id(p)).name()).as("state of " + p)
                            .isEqualTo(((String) state.get(p)).toUpperCase(Locale.ROOT));
                }
            }
        }
    }

    /** The one peer whose {@code variable} changed in this transition. */
    private static String flipped(Map<String, Object> from, Map<String, Object> to, String variable) {
        List<Object> changed = fn(from, variable).keySet().stream()
                .filter(p -> !fn(from, variable).get(p).equals(fn(to, variable).get(p))).toList();
        assertThat(changed).as(variable + " changes for exactly one peer").hasSize(1);
        return (String) changed.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> fn(Map<String, Object> state, String variable) {
        return (Map<Object, Object>) state.get(variable);
    }

    private static PeerId id(String modelPeer) {
        return switch (modelPeer) {
            case "iA" -> A.peerId();
            case "iB" -> B.peerId();
            case "p1" -> OTHER;
            default -> throw new AssertionError("no peer for model value " + modelPeer);
        };
    }

    private static byte[] filled(int b) {
        byte[] id = new byte[16];
        Arrays.fill(id, (byte) b);
        return id;
    }
}
