package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;

import static org.ptpmesh.conformance.mbt.ConnectModelValues.PEERS;
import static org.ptpmesh.conformance.mbt.ConnectModelValues.actor;
import static org.ptpmesh.conformance.mbt.ConnectModelValues.added;
import static org.ptpmesh.conformance.mbt.ConnectModelValues.fn;
import static org.ptpmesh.conformance.mbt.ConnectModelValues.introHandled;
import static org.ptpmesh.conformance.mbt.ConnectModelValues.other;
import static org.ptpmesh.conformance.mbt.ConnectModelValues.probedPort;
import static org.ptpmesh.conformance.mbt.ConnectModelValues.removedOrNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * public address at port 40000 + port; a model socket is a local port of the core (1: main, 2:
 * test, 3, 4, ...: the birthday openers in the order the core opened them).
 *
 * <p>Both cores are classified first by their own NAT check (pongs reporting the ports the
 * model's START = "classified" gives, and a TEST where the model's peer saw one). The birthday
 * budgets (openers, probes) are the config's OPENERS and BDP_MAX, given to the core by its
 * configuration; the ports the core draws for them at random are the ones the model chose
 * ({@link ChosenPorts}). Every step that sends must send the model's datagram, from the model's
 * socket to the model's destination, and nothing else to the other peer. Observed after every
 * step, for each peer: its path to the other (NONE, RELAY, DIRECT: a confirmed path the model
 * has not upgraded to yet counts as DIRECT, since the core moves the link in the confirming
 * step, and UpgradeToDirect only checks that it did), on a direct path the socket and endpoint
 * it uses (the core answers a KEEPALIVE there, and only there), and from its trace, the phase
 * of its connect (RequestIntro, ReceiveIntro, PathConfirmed, GiveUpPunch), the open attempt's
 * id and strategy; a datagram delivered in the model must be one the core sent, with the
 * model's attempt id.
 */
final class ConnectAdapter implements ModelAdapter {

    private static final PeerIdentity I1 = new PeerIdentity(filled(1), Endpoint.of("198.51.100.1", 3456));
    private static final PeerIdentity I2 = new PeerIdentity(filled(2), Endpoint.of("198.51.100.2", 3456));
    private static final int PORT_BASE = 40_000;
    /** The local port the adapter lets a Hard side's opener socket k (model socket 2 + k) draw: 50000 + socket. */
    private static final int OPENER_PORT_BASE = 50_000;
    private static final Set<MessageKind> PUNCHES = Set.of(MessageKind.PUNCH, MessageKind.PUNCH_ACK);

    private final Map<String, Node> nodes = new HashMap<>();
    /** The datagram each packet in a model inbox stands for. */
    private final Map<Object, byte[]> wire = new HashMap<>();
    private final int openers;
    private long now;

    /** One core and what the adapter learned of it. */
    private static final class Node {
        final String name;
        final PeerId id;
        final Endpoint publicAddress;
        final RecordingEffects fx = new RecordingEffects();
        final ChosenPorts ports;
        final Peer peer;
        final List<RecordingEffects.Sent> outgoing = new ArrayList<>();
        /** The low-TTL openers the core sent since its last INTRO. */
        final List<RecordingEffects.Sent> openers = new ArrayList<>();
        /** The birthday sockets the core opened since its last INTRO (OpenPort), in order. */
        final List<Integer> openedPorts = new ArrayList<>();
        String phase = "idle";
        long attempt;
        String strategy = "NONE";

        Node(String name, int b, int openers, int probes) {
            this.name = name;
            this.id = PeerId.of(filled(b));
            this.publicAddress = Endpoint.of("203.0.113." + b, PORT_BASE + 1);
            this.ports = new ChosenPorts(name);
            this.peer = new Peer(PeerConfig.builder("mbt-" + name, I1, I2).punchRetries(1).birthdayPorts(openers)
                    .bdpMaxPackets(probes).build(), id, 0, ports, (from, payload, at) -> { });
        }

        /** The core's local port of the model's socket. */
        int localPort(long sock) {
            if (sock == 1) {
                return PeerDefaults.LOCAL_PORT;
            }
            if (sock == 2) {
                return PeerDefaults.TEST_PORT;
            }
            assertThat(openedPorts.size()).as(name + "'s opener sockets").isGreaterThanOrEqualTo((int) sock - 2);
            return openedPorts.get((int) sock - 3);
        }
    }

    /** A datagram the model's step sends: of that kind, from the core's local port, to that endpoint. */
    private record Expected(MessageKind kind, int localPort, Endpoint to) {
    }

    /**
     * @param openers the config's OPENERS: the sockets a Hard side opens for the birthday strategy
     * @param probes  the config's BDP_MAX: the probes an Easy side sends in a birthday attempt
     */
    ConnectAdapter(Map<String, Object> initial, int openers, int probes) {
        this.openers = openers;
        nodes.put("A", new Node("A", 0x11, openers, probes));
        nodes.put("B", new Node("B", 0x22, openers, probes));
        for (String p : PEERS) {
            classify(nodes.get(p), fn(fn(initial, "pong").get(p)), (Boolean) fn(initial, "testSeen").get(p));
        }
        observe(initial);
    }

    /** The core's own NAT check, answered with the ports (and the TEST) the model's classified start gives. */
    private void classify(Node n, Map<Object, Object> pongs, boolean testSeen) {
        n.peer.start(0, n.fx);
        n.peer.onTimer(PeerTimer.Fixed.CALCULATE_NAT, 0, n.fx);
        for (PeerIdentity i : List.of(I1, I2)) {
            long port = (Long) pongs.get(i == I1 ? "I1" : "I2");
            Endpoint observed = new Endpoint(n.publicAddress.address(), PORT_BASE + (int) port);
            n.peer.onDatagram(PeerDefaults.LOCAL_PORT, i.endpoint(), Messages.pong(i.peerId(), observed, NatType.STATIC, 0), 0, n.fx);
        }
        if (testSeen) {
            n.peer.onDatagram(PeerDefaults.TEST_PORT, new Endpoint(I2.endpoint().address(), PeerDefaults.TEST_PORT),
                    Messages.test(I2.peerId(), n.publicAddress), 0, n.fx);
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
        Endpoint introduced = endpoint(fn(fn(from, "peerInfo").get(p)).get("ep"));
        Expected expected = null;
        switch (action) {
            case "RequestIntro" -> {
                if (n.phase.equals("idle")) {
                    n.peer.connect(other.id, now, n.fx);
                } else {
                    fire(n, new PeerTimer.Punch(PeerTimer.PunchStep.INTRO, other.id));
                }
                introduce(from, to);
            }
            case "ReceiveIntro" -> {
                Object intro = introHandled(p, from, to);
                if (fn(to, "strat").get(p).equals("open") && !fn(to, "att").get(p).equals(fn(from, "att").get(p))) {
                    // the Hard side draws its opener sockets' ports at the INTRO
                    for (int k = 1; k <= openers; k++) {
                        n.ports.choose(OPENER_PORT_BASE + 2 + k);
                    }
                }
                deliver(n, intro);
                assertThat(n.ports.drained()).as(p + " drew a port for each of its opener sockets").isTrue();
            }
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
            case "SendOpener" -> assertThat(n.openers).as(p + "'s openers, sent at the INTRO").singleElement()
                    .satisfies(o -> assertSentFrom(o, PeerDefaults.LOCAL_PORT, introduced));
            case "OpenPort" -> {
                int k = ((Long) fn(to, "opened").get(p)).intValue();
                assertThat(n.openers).as(p + "'s birthday openers, all sent at the INTRO").hasSize(openers);
                assertSentFrom(n.openers.get(k - 1), n.localPort(2 + k), introduced);
            }
            case "SendProbeOnce" -> {
                long port = probedPort(p, from, to);
                n.ports.choose(PORT_BASE + (int) port);
                fire(n, new PeerTimer.Punch(PeerTimer.PunchStep.PROBE, other.id));
                assertThat(n.ports.drained()).as(p + " drew its probe's port").isTrue();
                expected = new Expected(MessageKind.PUNCH, PeerDefaults.LOCAL_PORT,
                        new Endpoint(other.publicAddress.address(), PORT_BASE + (int) port));
            }
            case "PunchTimer" -> {
                fire(n, new PeerTimer.Punch(PeerTimer.PunchStep.PUNCH, other.id));
                expected = new Expected(MessageKind.PUNCH, PeerDefaults.LOCAL_PORT, introduced);
            }
            case "GiveUpPunch" -> fire(n, new PeerTimer.Punch(giveUpTimer(n.strategy), other.id));
            case "ReceivePunch", "AnswerOnPath" -> {
                Map<Object, Object> punch = fn(removedOrNull(p, from, to));
                deliver(n, punch);
                // the PUNCH_ACK goes back from the socket the PUNCH came in on, to where it came from
                expected = new Expected(MessageKind.PUNCH_ACK, n.localPort((Long) punch.get("sock")),
                        endpoint(punch.get("from")));
            }
            case "PathConfirmed", "DropStray" -> deliver(n, removedOrNull(p, from, to));
            case "UpgradeToDirect" -> assertThat(n.peer.pathTo(other.id)).as(p + " moved its link when it confirmed")
                    .isEqualTo(Path.DIRECT);
            default -> throw new AssertionError("the adapter has no step for action " + action);
        }
        collect();
        route(n, expected == null ? null : sent(n, expected), from, to);
        observe(to);
    }

    /** The timer that ends an attempt of the core's strategy: after the last punch round, the last probe, or the openers' wait. */
    private static PeerTimer.PunchStep giveUpTimer(String strategy) {
        return switch (strategy) {
            case "BIRTHDAY_PROBE" -> PeerTimer.PunchStep.PROBE;
            case "BIRTHDAY_OPEN" -> PeerTimer.PunchStep.GIVE_UP;
            default -> PeerTimer.PunchStep.PUNCH;
        };
    }

    // ---------------------------------------------------------------- the network

    /** I1's INTROs of this step, as the model put them in the inboxes. */
    private void introduce(Map<String, Object> from, Map<String, Object> to) {
        for (String q : PEERS) {
            for (Object m : added(q, from, to)) {
                Map<Object, Object> pkt = fn(m);
                Node named = nodes.get(other(q));
                wire.put(m, Messages.intro(I1.peerId(), named.id, endpoint(pkt.get("ep")),
                        NatType.valueOf(((String) pkt.get("nat")).toUpperCase(Locale.ROOT)), (Long) pkt.get("att"), null));
            }
        }
    }

    /** The datagram of {@code expected} among what the core sent in this step. */
    private static RecordingEffects.Sent sent(Node n, Expected expected) {
        RecordingEffects.Sent sent = n.outgoing.stream()
                .filter(s -> kindOf(s.payload()) == expected.kind() && s.to().equals(expected.to()))
                .findFirst().orElseThrow(() -> new AssertionError(n.name + " sent no " + expected.kind() + " to "
                        + expected.to() + "; it sent " + n.outgoing));
        assertThat(sent.localPort()).as(n.name + "'s " + expected.kind() + " leaves from the model's socket")
                .isEqualTo(expected.localPort());
        n.outgoing.remove(sent);
        return sent;
    }

    /**
     * The PUNCH or PUNCH_ACK that reaches the other peer in the model is the one p's step sent;
     * p sent nothing else to the other peer.
     */
    private void route(Node n, RecordingEffects.Sent sent, Map<String, Object> from, Map<String, Object> to) {
        for (String q : PEERS) {
            for (Object m : added(q, from, to)) {
                Map<Object, Object> pkt = fn(m);
                String kind = (String) pkt.get("kind");
                if (kind.equals("INTRO")) {
                    continue;
                }
                assertThat(sent).as(n.name + "'s step sent the " + kind + " the model delivers to " + q).isNotNull();
                assertThat(kindOf(sent.payload()).name()).as("the datagram the model delivers").isEqualTo(kind);
                assertThat(parse(sent.payload()).uint(TlvTypes.ATTEMPT, -1)).as(kind + "'s attempt id")
                        .isEqualTo((Long) pkt.get("att"));
                wire.put(m, sent.payload());
            }
        }
        Node other = nodes.get(other(n.name));
        assertThat(n.outgoing).as(n.name + " sent the other peer nothing the model's step does not")
                .noneMatch(s -> s.to().address().equals(other.publicAddress.address()) && PUNCHES.contains(kindOf(s.payload())));
        nodes.values().forEach(x -> x.outgoing.clear());
    }

    private void deliver(Node n, Object packet) {
        byte[] bytes = wire.get(packet);
        assertThat(bytes).as("the datagram of " + packet).isNotNull();
        Map<Object, Object> pkt = fn(packet);
        n.peer.onDatagram(n.localPort((Long) pkt.get("sock")), endpoint(pkt.get("from")), bytes, now, n.fx);
    }

    /** The address of a model endpoint: an introducer's, or a peer's public address at 40000 + port; null for NoEp. */
    private Endpoint endpoint(Object modelEndpoint) {
        Map<Object, Object> ep = fn(modelEndpoint);
        String host = (String) ep.get("host");
        if (host.equals("I1")) {
            return I1.endpoint();
        }
        Node named = nodes.get(host);
        return named == null ? null : new Endpoint(named.publicAddress.address(), PORT_BASE + ((Long) ep.get("port")).intValue());
    }

    /** Takes every peer's output: trace steps update what the adapter knows, datagrams wait for routing. */
    private void collect() {
        for (Node n : nodes.values()) {
            // the trace first: a ReceiveIntro starts the attempt whose openers follow
            for (TraceEvent e : n.fx.trace) {
                track(n, e);
            }
            n.fx.trace.clear();
            for (RecordingEffects.Sent s : n.fx.sent) {
                if (kindOf(s.payload()) == MessageKind.PUNCH && s.ttl() == PeerDefaults.OPENER_TTL) {
                    n.openers.add(s);
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
            n.openers.clear();
            n.openedPorts.clear();
        } else if (event.equals(NatTraversalAction.OPEN_PORT.actionName())) {
            n.openedPorts.add(((Number) e.params().get("port")).intValue());
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
            if (upgradeDue) {
                assertDirectPath(n, fn(model, "confirmed").get(p));
            } else if (mode.equals("direct")) {
                assertDirectPath(n, Set.of(fn(model, "directPath").get(p)));
            }
        }
    }

    /**
     * The core's direct path is the model's: a KEEPALIVE from the other peer on that socket and
     * from that endpoint is answered there. The core keeps no other state for it (it logs
     * nothing and counts nothing), so the question leaves the core as it was; a core that
     * recorded another path drops the KEEPALIVE as off its path.
     */
    private void assertDirectPath(Node n, Object paths) {
        assertThat((Set<?>) paths).as(n.name + "'s confirmed paths").hasSize(1);
        Map<Object, Object> path = fn(((Set<?>) paths).iterator().next());
        int local = n.localPort((Long) path.get("sock"));
        Endpoint remote = endpoint(path.get("ep"));
        n.peer.onDatagram(local, remote, Messages.keepalive(nodes.get(other(n.name)).id, 1), now, n.fx);
        assertThat(n.fx.sent).as(n.name + " answers a KEEPALIVE on its direct path, local port " + local + " to " + remote)
                .singleElement().satisfies(ack -> {
                    assertThat(kindOf(ack.payload())).isEqualTo(MessageKind.KEEPALIVE_ACK);
                    assertSentFrom(ack, local, remote);
                });
        n.fx.sent.clear();
    }

    private static void assertSentFrom(RecordingEffects.Sent s, int localPort, Endpoint to) {
        assertThat(s.localPort()).as("the datagram's local port").isEqualTo(localPort);
        assertThat(s.to()).as("the datagram's destination").isEqualTo(to);
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
