package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;

import static org.ptpmesh.conformance.mbt.ConnectModelValues.PEERS;
import static org.ptpmesh.conformance.mbt.ConnectModelValues.actor;
import static org.ptpmesh.conformance.mbt.ConnectModelValues.added;
import static org.ptpmesh.conformance.mbt.ConnectModelValues.fn;
import static org.ptpmesh.conformance.mbt.ConnectModelValues.introHandled;
import static org.ptpmesh.conformance.mbt.ConnectModelValues.other;
import static org.ptpmesh.conformance.mbt.ConnectModelValues.removedOrNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.messages.Received;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.peer.Path;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.peer.PeerDefaults;
import org.ptpmesh.peer.PeerIdentity;
import org.ptpmesh.peer.PeerTimer;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.trace.NatTraversalAction;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * Drives two {@link Peer}s connecting through transitions of spec/mbt/MBTConnect.tla: the
 * model's peers A and B are two cores, and the adapter plays introducer I1 (its INTROs, built
 * from what the model puts in each inbox) and the network between the two NATs, which the model
 * decides: a PUNCH or PUNCH_ACK a core sent reaches the other core when the model puts it in
 * the other peer's inbox, and is dropped otherwise. Model endpoint (host, port) is the host's
 * public address at port 40000 + port; socket 1 (Main) is the peer's local port.
 *
 * <p>Both cores are classified first by their own NAT check (pongs reporting the ports the
 * model's START = "classified" gives). Observed after every step, for each peer: its path to
 * the other (NONE, RELAY, DIRECT: a confirmed path the model has not upgraded to yet counts as
 * DIRECT, since the core moves the link in the confirming step, and UpgradeToDirect only checks
 * that it did), and from its trace, the phase
 * of its connect (RequestIntro, ReceiveIntro, PathConfirmed, GiveUpPunch), the open attempt's
 * id and strategy; a datagram delivered in the model must be one the core sent, with the
 * model's attempt id.
 */
final class ConnectAdapter implements ModelAdapter {

    private static final PeerIdentity I1 = new PeerIdentity(filled(1), Endpoint.of("198.51.100.1", 3456));
    private static final PeerIdentity I2 = new PeerIdentity(filled(2), Endpoint.of("198.51.100.2", 3456));
    private static final int PORT_BASE = 40_000;

    private final Map<String, Node> nodes = new HashMap<>();
    /** The datagram each packet in a model inbox stands for. */
    private final Map<Object, byte[]> wire = new HashMap<>();
    private long now;

    /** One core and what the adapter learned of it. */
    private static final class Node {
        final String name;
        final PeerId id;
        final Endpoint publicAddress;
        final RecordingEffects fx = new RecordingEffects();
        final Peer peer;
        final List<RecordingEffects.Sent> outgoing = new ArrayList<>();
        String phase = "idle";
        long attempt;
        String strategy = "NONE";
        boolean openerSent;

        Node(String name, int b) {
            this.name = name;
            this.id = PeerId.of(filled(b));
            this.publicAddress = Endpoint.of("203.0.113." + b, PORT_BASE + 1);
            this.peer = new Peer(PeerConfig.builder("mbt-" + name, I1, I2).punchRetries(1).build(), id, 0,
                    new Random(b), (from, payload, at) -> { });
        }
    }

    ConnectAdapter(Map<String, Object> initial) {
        nodes.put("A", new Node("A", 0x11));
        nodes.put("B", new Node("B", 0x22));
        for (String p : PEERS) {
            classify(nodes.get(p), fn(fn(initial, "pong").get(p)));
        }
        observe(initial);
    }

    /** The core's own NAT check, answered with the ports the model's classified start gives. */
    private void classify(Node n, Map<Object, Object> pongs) {
        n.peer.start(0, n.fx);
        n.peer.onTimer(PeerTimer.Fixed.CALCULATE_NAT, 0, n.fx);
        for (PeerIdentity i : List.of(I1, I2)) {
            long port = (Long) pongs.get(i == I1 ? "I1" : "I2");
            Endpoint observed = new Endpoint(n.publicAddress.address(), PORT_BASE + (int) port);
            n.peer.onDatagram(3456, i.endpoint(), Messages.pong(i.peerId(), observed, NatType.STATIC, 0), 0, n.fx);
        }
        if (n.peer.nat() == NatType.UNKNOWN) {
            fire(n, PeerTimer.Fixed.CLASSIFY);
        }
        n.fx.sent.clear();
        n.fx.trace.clear();
    }

    @Override
    public void apply(String action, Map<String, Object> from, Map<String, Object> to) {
        String p = actor(action, from, to);
        Node n = nodes.get(p);
        Node other = nodes.get(other(p));
        switch (action) {
            case "RequestIntro" -> {
                if (n.phase.equals("idle")) {
                    n.peer.connect(other.id, now, n.fx);
                } else {
                    fire(n, new PeerTimer.Punch(PeerTimer.PunchStep.INTRO, other.id));
                }
                introduce(from, to);
            }
            case "ReceiveIntro" -> deliver(n, introHandled(p, from, to));
            case "GiveUpIntro" -> {
                // I1 answers no more requests: the core asks again until its own retries are spent
                Object error = removedOrNull(p, from, to);
                if (error != null) {
                    deliver(n, error);
                }
                for (int i = 0; i < 10 && !n.phase.equals("relayed"); i++) {
                    fire(n, new PeerTimer.Punch(PeerTimer.PunchStep.INTRO, other.id));
                    collect();
                }
            }
            case "SendOpener" -> assertThat(n.openerSent).as(p + " sent its opener at the INTRO").isTrue();
            case "PunchTimer", "GiveUpPunch" -> fire(n, new PeerTimer.Punch(PeerTimer.PunchStep.PUNCH, other.id));
            case "ReceivePunch", "AnswerOnPath", "PathConfirmed", "DropStray" -> deliver(n, removedOrNull(p, from, to));
            case "UpgradeToDirect" -> assertThat(n.peer.pathTo(other.id)).as(p + " moved its link when it confirmed")
                    .isEqualTo(Path.DIRECT);
            default -> throw new AssertionError("the adapter has no step for action " + action);
        }
        collect();
        route(from, to);
        observe(to);
    }

    // ---------------------------------------------------------------- the network

    /** I1's INTROs of this step, as the model put them in the inboxes. */
    private void introduce(Map<String, Object> from, Map<String, Object> to) {
        for (String q : PEERS) {
            for (Object m : added(q, from, to)) {
                Map<Object, Object> pkt = fn(m);
                Node named = nodes.get(other(q));
                Map<Object, Object> ep = fn(pkt.get("ep"));
                Endpoint peerAddress = new Endpoint(named.publicAddress.address(), PORT_BASE + ((Long) ep.get("port")).intValue());
                wire.put(m, Messages.intro(I1.peerId(), named.id, peerAddress,
                        NatType.valueOf(((String) pkt.get("nat")).toUpperCase(Locale.ROOT)), (Long) pkt.get("att"), null));
            }
        }
    }

    /** Punches and acks that reach the other peer in the model are the ones the cores sent; the rest are dropped. */
    private void route(Map<String, Object> from, Map<String, Object> to) {
        for (String q : PEERS) {
            Node sender = nodes.get(other(q));
            for (Object m : added(q, from, to)) {
                Map<Object, Object> pkt = fn(m);
                String kind = (String) pkt.get("kind");
                if (kind.equals("INTRO")) {
                    continue;
                }
                RecordingEffects.Sent sent = sender.outgoing.stream()
                        .filter(s -> kindOf(s.payload()).name().equals(kind)
                                && s.to().address().equals(nodes.get(q).publicAddress.address()))
                        .findFirst().orElseThrow(() -> new AssertionError(sender.name + " sent no " + kind + " to " + q));
                assertThat(parse(sent.payload()).uint(TlvTypes.ATTEMPT, -1)).as(kind + "'s attempt id")
                        .isEqualTo((Long) pkt.get("att"));
                sender.outgoing.remove(sent);
                wire.put(m, sent.payload());
            }
        }
        nodes.values().forEach(x -> x.outgoing.clear());
    }

    private void deliver(Node n, Object packet) {
        byte[] bytes = wire.get(packet);
        assertThat(bytes).as("the datagram of " + packet).isNotNull();
        Map<Object, Object> src = fn(fn(packet).get("from"));
        String host = (String) src.get("host");
        Endpoint fromEp = host.equals("I1") ? I1.endpoint()
                : new Endpoint(nodes.get(host).publicAddress.address(), PORT_BASE + ((Long) src.get("port")).intValue());
        n.peer.onDatagram(3456, fromEp, bytes, now, n.fx);
    }

    /** Takes every peer's output: trace steps update what the adapter knows, datagrams wait for routing. */
    private void collect() {
        for (Node n : nodes.values()) {
            // the trace first: a ReceiveIntro starts the attempt whose opener follows
            for (TraceEvent e : n.fx.trace) {
                track(n, e);
            }
            n.fx.trace.clear();
            for (RecordingEffects.Sent s : n.fx.sent) {
                MessageKind kind = kindOf(s.payload());
                if (kind == MessageKind.PUNCH && s.ttl() == PeerDefaults.OPENER_TTL) {
                    n.openerSent = true;
                } else {
                    n.outgoing.add(s);
                }
            }
            n.fx.sent.clear();
        }
    }

    private static void track(Node n, TraceEvent e) {
        String event = e.event();
        if (event.equals(NatTraversalAction.REQUEST_INTRO.actionName())) {
            n.phase = "requested";
        } else if (event.equals(NatTraversalAction.RECEIVE_INTRO.actionName())) {
            n.attempt = ((Number) e.params().get("attempt")).longValue();
            n.strategy = (String) e.params().get("strategy");
            n.phase = n.strategy.equals("RELAY") ? "relayed" : "punching";
            n.openerSent = false;
        } else if (event.equals(NatTraversalAction.PATH_CONFIRMED.actionName())) {
            n.phase = "direct";
        } else if (event.equals(NatTraversalAction.GIVE_UP_PUNCH.actionName())) {
            n.phase = "relayed";
        }
    }

    // ---------------------------------------------------------------- observation

    private void observe(Map<String, Object> model) {
        for (String p : PEERS) {
            Node n = nodes.get(p);
            String phase = (String) fn(model, "phase").get(p);
            String mode = (String) fn(model, "mode").get(p);
            boolean upgradeDue = mode.equals("relay") && phase.equals("direct");
            Path expected = upgradeDue ? Path.DIRECT : Path.valueOf(mode.toUpperCase(Locale.ROOT));
            assertThat(n.peer.pathTo(nodes.get(other(p)).id)).as(p + "'s path").isEqualTo(expected);
            assertThat(n.phase).as(p + "'s phase").isEqualTo(phase);
            assertThat(n.attempt).as(p + "'s attempt id").isEqualTo((Long) fn(model, "att").get(p));
            assertThat(n.strategy).as(p + "'s strategy").isEqualTo(coreStrategy((String) fn(model, "strat").get(p)));
        }
    }

    private static String coreStrategy(String model) {
        return switch (model) {
            case "probe" -> "BIRTHDAY_PROBE";
            case "open" -> "BIRTHDAY_OPEN";
            default -> model.toUpperCase(Locale.ROOT);
        };
    }

    // ---------------------------------------------------------------- helpers

    private void fire(Node n, PeerTimer timer) {
        Long due = n.fx.timers.get(timer);
        assertThat(due).as(n.name + "'s " + timer + " timer set").isNotNull();
        now = Math.max(now, due);
        n.fx.timers.remove(timer);
        n.peer.onTimer(timer, now, n.fx);
    }

    private static Received parse(byte[] payload) {
        return ((Received.Accepted) Received.parse(new DatagramView(), payload)).message();
    }

    private static MessageKind kindOf(byte[] payload) {
        return parse(payload).kind();
    }

    private static byte[] filled(int b) {
        byte[] id = new byte[16];
        Arrays.fill(id, (byte) b);
        return id;
    }
}
