package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;
import org.ptpmesh.peer.PeerTimer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.messages.Received;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.peer.PeerIdentity;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;

/**
 * Drives {@link Peer}'s NAT check through transitions of spec/mbt/MBTNatCheck.tla: the model's
 * peer A is the peer, I1 and I2 its introducers A and B, and the adapter plays the network and
 * the introducers. A model SendPing(A, i) is the delivery of one of the pings the peer sent to
 * i (when none is left, the peer's ping retry timer is fired to get one) and i's answer, which
 * the model puts in A's inbox; a lost one drops that ping. The model's abstract public ports
 * become real ports (40000 + port).
 *
 * <p>Observed after every step: the public address (set by the first pong) and the
 * classification. The peer may classify as soon as it has what it needs (a TEST decides at
 * once); whenever it has, its type must be the one the model's ClassifyNat gives from the same
 * state, and at the model's ClassifyNat (after the peer's classify timer when it still waits)
 * exactly the model's.
 */
final class NatCheckAdapter implements ModelAdapter {

    private static final PeerIdentity A = new PeerIdentity(filled(1), Endpoint.of("198.51.100.1", 3456));
    private static final PeerIdentity B = new PeerIdentity(filled(2), Endpoint.of("198.51.100.2", 3456));
    private static final PeerId SELF = PeerId.of(filled(7));
    private static final String PUBLIC_IP = "203.0.113.9";
    private static final int PORT_BASE = 40_000;

    private final RecordingEffects fx = new RecordingEffects();
    private final Peer peer;
    private final Map<String, Integer> pendingPings = new HashMap<>();
    private long now;
    private Endpoint firstPong;

    NatCheckAdapter(Map<String, Object> initial) {
        peer = new Peer(PeerConfig.defaults("mbt", A, B), SELF, 0, new Random(1), (from, payload, at) -> { });
        peer.start(0, fx);
        peer.onTimer(PeerTimer.Fixed.CALCULATE_NAT, 0, fx);
        collectPings();
        observe(initial);
    }

    @Override
    public void apply(String action, Map<String, Object> from, Map<String, Object> to) {
        switch (action) {
            case "SendPing" -> sendPing(from, to);
            case "ReceivePong" -> {
                Map<Object, Object> pong = removed(from, to);
                Endpoint observed = Endpoint.of(PUBLIC_IP, PORT_BASE + ((Long) pong.get("obs")).intValue());
                String host = (String) fn(pong, "from").get("host");
                peer.onDatagram(3456, introducer(host).endpoint(),
                        Messages.pong(introducer(host).peerId(), observed, NatType.STATIC, 0), now, fx);
                if (firstPong == null) {
                    firstPong = observed;
                }
            }
            case "ReceiveTest" -> {
                String host = (String) fn(removed(from, to), "from").get("host");
                Endpoint testPort = new Endpoint(introducer(host).endpoint().address(), 3457);
                peer.onDatagram(3457, testPort, Messages.test(introducer(host).peerId(), Endpoint.of(PUBLIC_IP, 3457)),
                        now, fx);
            }
            case "ClassifyNat" -> {
                if (peer.nat() == NatType.UNKNOWN) {
                    fire(PeerTimer.Fixed.CLASSIFY);
                }
                assertThat(peer.nat().name()).as("classification")
                        .isEqualTo(((String) fn(to, "cls").get("A")).toUpperCase(Locale.ROOT));
            }
            default -> throw new AssertionError("the adapter has no step for action " + action);
        }
        collectPings();
        observe(to);
    }

    /** The model's ping to i arrives (i is whom the new pong is from) or is lost. */
    private void sendPing(Map<String, Object> from, Map<String, Object> to) {
        Set<Object> added = new HashSet<>(inbox(to));
        added.removeAll(inbox(from));
        String target;
        if (added.isEmpty()) {
            // lost: any introducer the model may still ping (the two choices reach the same state)
            target = pendingPings.entrySet().stream().filter(e -> e.getValue() > 0 && stillPinged(from, e.getKey()))
                    .map(Map.Entry::getKey).sorted().findFirst().orElse(null);
            if (target == null) {
                return;
            }
        } else {
            target = added.stream().map(m -> (String) fn(fn(m), "from").get("host")).filter(h -> h.startsWith("I"))
                    .findFirst().orElseThrow();
        }
        if (pendingPings.getOrDefault(target, 0) == 0) {
            fire(PeerTimer.Fixed.RETRY_PING);
            collectPings();
        }
        assertThat(pendingPings.getOrDefault(target, 0)).as("pings to " + target + " the peer sent").isPositive();
        pendingPings.merge(target, -1, Integer::sum);
    }

    private static boolean stillPinged(Map<String, Object> state, String introducer) {
        return ((Long) fn(fn(state, "pong").get("A")).get(introducer)) == 0;
    }

    private void fire(PeerTimer timer) {
        Long due = fx.timers.get(timer);
        assertThat(due).as(timer + " timer set").isNotNull();
        now = Math.max(now, due);
        fx.timers.remove(timer);
        peer.onTimer(timer, now, fx);
    }

    /** Pings the peer sent since the last look, by introducer. */
    private void collectPings() {
        DatagramView view = new DatagramView();
        for (RecordingEffects.Sent s : fx.sent) {
            Received m = ((Received.Accepted) Received.parse(view, s.payload())).message();
            if (m.kind() == MessageKind.PING) {
                String to = s.to().equals(A.endpoint()) ? "I1" : s.to().equals(B.endpoint()) ? "I2" : null;
                assertThat(to).as("a ping goes to an introducer").isNotNull();
                pendingPings.merge(to, 1, Integer::sum);
            }
        }
        fx.sent.clear();
    }

    private void observe(Map<String, Object> model) {
        assertThat(peer.publicAddress()).as("public address: the first pong's").isEqualTo(firstPong);
        String cls = (String) fn(model, "cls").get("A");
        if (!cls.equals("unknown")) {
            assertThat(peer.nat().name()).as("classification").isEqualTo(cls.toUpperCase(Locale.ROOT));
        } else if (peer.nat() != NatType.UNKNOWN) {
            assertThat(peer.nat().name()).as("an early classification is the model's from the same state")
                    .isEqualTo(modelClassification(model));
        }
    }

    /** What ClassifyNat(A) would decide in {@code model}, or UNKNOWN when it is not enabled. */
    private static String modelClassification(Map<String, Object> model) {
        Map<Object, Object> pongs = fn(fn(model, "pong").get("A"));
        boolean test = (Boolean) fn(model, "testSeen").get("A");
        if (test) {
            return "STATIC";
        }
        if (pongs.values().contains(0L)) {
            return "UNKNOWN";
        }
        return pongs.get("I1").equals(pongs.get("I2")) ? "EASY" : "HARD";
    }

    /** The one packet A handled in this transition. */
    @SuppressWarnings("unchecked")
    private static Map<Object, Object> removed(Map<String, Object> from, Map<String, Object> to) {
        Set<Object> gone = new HashSet<>(inbox(from));
        gone.removeAll(inbox(to));
        assertThat(gone).as("one packet handled").hasSize(1);
        return (Map<Object, Object>) gone.iterator().next();
    }

    @SuppressWarnings("unchecked")
    private static Set<Object> inbox(Map<String, Object> state) {
        return (Set<Object>) fn(state, "inbox").get("A");
    }

    private static PeerIdentity introducer(String host) {
        return host.equals("I1") ? A : B;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> fn(Object value) {
        return (Map<Object, Object>) value;
    }

    private static Map<Object, Object> fn(Map<?, ?> state, String variable) {
        return fn(state.get(variable));
    }

    private static byte[] filled(int b) {
        byte[] id = new byte[16];
        Arrays.fill(id, (byte) b);
        return id;
    }
}
