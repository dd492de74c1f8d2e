package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.conformance.mbt.RendezvousModelValues.arrived;
import static org.ptpmesh.conformance.mbt.RendezvousModelValues.changed;
import static org.ptpmesh.conformance.mbt.RendezvousModelValues.clientNumber;
import static org.ptpmesh.conformance.mbt.RendezvousModelValues.clientsOf;
import static org.ptpmesh.conformance.mbt.RendezvousModelValues.lostToServer;
import static org.ptpmesh.conformance.mbt.RendezvousModelValues.pageTaken;
import static org.ptpmesh.conformance.mbt.ModelValues.rec;
import static org.ptpmesh.conformance.mbt.ModelValues.seq;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ptpmesh.client.ClientConfig;
import org.ptpmesh.client.ClientSnapshot;
import org.ptpmesh.client.MeshClient;
import org.ptpmesh.rendezvous.RendezvousListener;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.rendezvous.ServerConfig;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.trace.RendezvousAction;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.TlvTypes;
import org.ptpmesh.wire.list.ClientEntry;
import org.ptpmesh.wire.list.ClientListAssembler;
import org.ptpmesh.wire.list.ClientListPager;
import org.ptpmesh.wire.list.ListHeader;

/**
 * Drives a {@link RendezvousServer} and one {@link MeshClient} per model client through
 * transitions of spec/mbt/MBTRendezvous.tla; the adapter is the network. A model tick is one
 * second; the core's timers are the model's in seconds.
 *
 * <ul>
 *   <li>{@code SendRegister(c)}: the client's first start, then its REGISTER timer; what it sends
 *       the server is in flight until {@code Register(c)} delivers it, and the server's answers
 *       (the address challenge, the echo) and the client's replies (the cookie's echo, a
 *       registration in full form) go back and forth in the same step, as the model's atomic
 *       Register has it; {@code ChallengeUnanswered(c)} delivers a stopped client's REGISTER.</li>
 *   <li>{@code Shutdown(c)}, {@code Crash(c)}: the client's shutdown; a crashed client takes no
 *       more steps. {@code Unregister(c)} delivers the SHUTDOWN.</li>
 *   <li>{@code Purge(c)}, {@code Publish}: the server's PURGE and PUBLISH timers, fired when they
 *       are due within the tick (the core runs several steps of one tick a few ms apart).</li>
 *   <li>{@code ReceiveList(c, i)}, {@code LosePage(c, i)}: page i of the newest list the server
 *       sent c is delivered or dropped. The server pages by datagram size (some twenty entries a
 *       page), the model by PAGE entries: the adapter cuts the server's list into the model's
 *       pages with the server's own pager ({@link ClientListPager}), entries in client order, and
 *       numbers them as the server numbers its lists (a LISTID per client, one more per list it
 *       sent that client), as the model numbers its publications.</li>
 *   <li>{@code Tick}: the clock moves to the next second.</li>
 * </ul>
 *
 * <p>Compared after every step: the server's registry (its {@code Register}, {@code Unregister}
 * and {@code Purge} steps, and its size) with {@code reg}, every running client's list with
 * {@code view}, and at a Publish the lists the server sent since the last one with the model's
 * new {@code inbox}. The server purges every client due at once where the model takes one
 * Purge step each: a client the core purged early must be due for the model's Purge. A client
 * echoes a list's timestamp to the server, which counts as hearing from it; the model has no such
 * datagram (only a REGISTER resets a client's silence), so the network drops those echoes.
 */
final class RendezvousAdapter implements ModelAdapter {

    private static final long TICK = 1_000;
    private static final int CLIENT_PORT = 5000;
    /** Datagrams one Register step may bounce between the server and a client (challenge, echo, full form). */
    private static final int HANDSHAKE_ROUNDS = 10;

    private final int clients;
    private final long purgeTicks;
    private final int pageSize;
    private final long registerEvery;
    private final RendezvousServer server;
    private final Endpoint serverAddress;
    private final RecordingEffects serverFx = new RecordingEffects();
    /** The clients, made at their first step; started at their first registration. */
    private final Map<Integer, MeshClient> started = new HashMap<>();
    private final Set<Integer> begun = new HashSet<>();
    private final Map<Integer, RecordingEffects> clientFx = new HashMap<>();
    private final Set<Integer> stopped = new HashSet<>();
    /** Per client, the datagrams it sent the server that are in flight, by model type (REGISTER, SHUTDOWN). */
    private final Map<Integer, Map<String, List<byte[]>>> toServer = new HashMap<>();
    /** The newest list the server sent each client since the last Publish. */
    private final Map<Integer, Message> sentSincePublish = new HashMap<>();
    /** Per client, the pages in flight, by the model's page number. */
    private final Map<Integer, Map<Long, byte[]>> inbox = new HashMap<>();
    /** Per client, the LISTID of the last list the server sent it: one more per list, as the server counts. */
    private final Map<Integer, Long> listIds = new HashMap<>();
    /** The clients registered at the server, from its trace. */
    private final Set<Integer> registered = new TreeSet<>();
    /** Clients the server purged that the model has still to take its Purge step for. */
    private final Set<Integer> purgedEarly = new TreeSet<>();
    private long tickStart;
    private long now;

    /**
     * @param purge          the model's PURGE, in ticks
     * @param registerEvery  the model's REGISTER_EVERY, in ticks
     * @param publishEvery   the model's PUBLISH_EVERY, in ticks
     * @param pageSize       the model's PAGE
     */
    RendezvousAdapter(Map<String, Object> initial, long purge, long registerEvery, long publishEvery, int pageSize) {
        this.clients = seq(initial, "up").size();
        this.purgeTicks = purge;
        this.pageSize = pageSize;
        // The core's steps of one tick run a few ms apart (publish ticks are 5 ms apart at
        // least): the timers that count whole ticks end between two ticks, so that those few ms
        // never carry them across one. A registration late in a tick does not hold back the next
        // tick's, and a client registered early in a tick is not purged late in the tick after
        // PURGE more.
        this.registerEvery = registerEvery * TICK - TICK / 10;
        ServerConfig config = ServerConfig.defaults().withTimers(publishEvery * TICK, purge * TICK + TICK / 2, 0);
        serverAddress = Endpoint.of("192.0.2.1", config.port());
        server = new RendezvousServer(config, RendezvousListener.NONE, new Random(7));
        server.start(now, serverFx);
        observe(initial);
    }

    @Override
    public void apply(String action, Map<String, Object> from, Map<String, Object> to) {
        switch (action) {
            case "SendRegister" -> sendRegister(changed(from, to, "regIn"));
            case "RegisterAnswered", "ChallengeUnanswered" -> deliver(arrived(from, to), "REGISTER");
            case "Unregister" -> deliver(arrived(from, to), "SHUTDOWN");
            case "LoseToServer" -> {
                Map<Object, Object> m = lostToServer(from, to);
                toServer(clientNumber(m.get("from"))).remove((String) m.get("type"));
            }
            case "Shutdown" -> {
                int c = changed(from, to, "up");
                client(c).shutdown(now, clientFx.get(c));
                collectFromClient(c);
                stop(c);
            }
            case "Crash" -> stop(changed(from, to, "up"));
            case "Purge" -> purge(changed(from, to, "silence"), to);
            case "Publish" -> publish(from, to);
            case "ReceiveList", "ReceiveListInTurn" -> receiveList(from, to);
            case "LosePage" -> {
                int c = changed(from, to, "inbox");
                inbox.get(c).remove(pageTaken(from, to, c));
            }
            case "Tick" -> tick();
            default -> throw new AssertionError("the adapter has no step for action " + action);
        }
        observe(to);
    }

    private void sendRegister(int c) {
        MeshClient client = client(c);
        RecordingEffects fx = clientFx.get(c);
        if (begun.add(c)) {
            client.start(now, fx);
        } else {
            client.onTimer(MeshClient.Timer.REGISTER, now, fx);
        }
        assertThat(fx.trace).as("client " + c + " registers").anyMatch(e -> e.event().equals(RendezvousAction.SEND_REGISTER.actionName()));
        collectFromClient(c);
    }

    private MeshClient client(int c) {
        clientFx.computeIfAbsent(c, k -> new RecordingEffects());
        return started.computeIfAbsent(c, k -> new MeshClient(ClientConfig.of(serverAddress, CLIENT_PORT, address(k), id(k))
                .withTimers(registerEvery, 500, 2_000)));
    }

    /** Delivers what c sent the server of one type, and lets the handshake it starts run. */
    private void deliver(int c, String type) {
        List<byte[]> datagrams = toServer(c).remove(type);
        assertThat(datagrams).as(type + " from client " + c + " in flight").isNotNull();
        for (byte[] d : datagrams) {
            server.onDatagram(serverAddress.port(), address(c), d, now, serverFx);
        }
        for (int round = 0; round < HANDSHAKE_ROUNDS && routeFromServer(); round++) {
            for (int k : new ArrayList<>(started.keySet())) {
                for (byte[] d : drainToServer(k)) {
                    server.onDatagram(serverAddress.port(), address(k), d, now, serverFx);
                }
            }
        }
        assertThat(routeFromServer()).as("the handshake ends within " + HANDSHAKE_ROUNDS + " rounds").isFalse();
        readServerTrace();
    }

    /**
     * Takes what the server sent: lists are kept for the next Publish, anything else (a challenge,
     * an echo) is delivered at once to a client that runs. Returns whether a client got anything.
     */
    private boolean routeFromServer() {
        boolean delivered = false;
        for (RecordingEffects.Sent s : serverFx.sent) {
            int c = clientAt(s.to());
            Message m = s.message();
            if (m.kind() == MessageKind.LIST) {
                sentSincePublish.put(c, m);
                listIds.merge(c, 1L, Long::sum);
            } else if (!stopped.contains(c) && started.containsKey(c)) {
                started.get(c).onDatagram(CLIENT_PORT, serverAddress, s.payload(), now, clientFx.get(c));
                delivered = true;
            }
        }
        serverFx.sent.clear();
        return delivered;
    }

    /** What c sent the server since the last look, to deliver now (the handshake's replies). */
    private List<byte[]> drainToServer(int c) {
        List<byte[]> out = new ArrayList<>();
        RecordingEffects fx = clientFx.get(c);
        for (RecordingEffects.Sent s : fx.sent) {
            out.add(s.payload());
        }
        fx.sent.clear();
        return out;
    }

    /** What c sent the server since the last look goes in flight, as a REGISTER or a SHUTDOWN. */
    private void collectFromClient(int c) {
        RecordingEffects fx = clientFx.get(c);
        for (RecordingEffects.Sent s : fx.sent) {
            assertThat(s.to()).as("client " + c + " talks to the server only").isEqualTo(serverAddress);
            String type = s.message().has(TlvTypes.SHUTDOWN) ? "SHUTDOWN" : "REGISTER";
            toServer(c).computeIfAbsent(type, k -> new ArrayList<>()).add(s.payload());
        }
        fx.sent.clear();
        fx.trace.clear();
    }

    private void stop(int c) {
        stopped.add(c);
        inbox.remove(c);
    }

    private void purge(int c, Map<String, Object> to) {
        if (!purgedEarly.remove(c)) {
            fireServerTimer(RendezvousServer.Timer.PURGE);
            assertThat(purgedEarly).as("the server purges client " + c).contains(c);
            purgedEarly.remove(c);
        }
        assertThat(purgedEarly).as("clients the server purged that the model has yet to").allMatch(k -> purgeDue(to, k));
    }

    /** The periodic, join or departure publication: the lists the server sent since the last one are the model's. */
    private void publish(Map<String, Object> from, Map<String, Object> to) {
        Long due = serverFx.timers.get(RendezvousServer.Timer.PUBLISH);
        if (due != null && due < tickStart + TICK) {
            fireServerTimer(RendezvousServer.Timer.PUBLISH);
        }
        Set<Integer> registeredBefore = clientsOf(from.get("reg"));
        for (int d = 1; d <= clients; d++) {
            Set<Integer> list = clientsOf(rec(seq(to, "inbox").get(d - 1)).get("list"));
            // the model's Publish sends every registered client that runs a new publication
            boolean modelSent = registeredBefore.contains(d) && seq(from, "up").get(d - 1).equals("running");
            Message sent = sentSincePublish.remove(d);
            if (stopped.contains(d)) {
                continue;
            }
            if (modelSent) {
                assertThat(sent).as("a list sent to client " + d).isNotNull();
            }
            if (sent != null) {
                assertThat(clientsOf(to.get("reg"))).as("a list goes to registered clients only").contains(d);
                assertThat(listed(ClientListAssembler.entries(sent))).as("the list sent to client " + d).isEqualTo(list);
                inbox.put(d, pages(sent, list, listIds.get(d)));
            }
        }
    }

    /** The server's list cut into the model's pages, entries in client order, under the LISTID given. */
    private Map<Long, byte[]> pages(Message sent, Set<Integer> list, long listId) {
        List<ClientEntry> entries = new ArrayList<>(ClientListAssembler.entries(sent));
        entries.sort((a, b) -> Integer.compare(clientOf(a), clientOf(b)));
        ListHeader header = new ListHeader((int) sent.uint(TlvTypes.SERVERVER).orElseThrow(),
                sent.uint(TlvTypes.SEQUENCE).orElseThrow(), sent.bytes(TlvTypes.UUID).orElseThrow(),
                sent.uint(TlvTypes.MYTS).orElseThrow(), sent.address(TlvTypes.YOURADDR).orElseThrow());
        List<Message> pages = ClientListPager.paginate(header, entries, listId, ClientListPager.Audience.PTPMESH, pageSize)
                .messages();
        Map<Long, byte[]> byNumber = new TreeMap<>();
        for (int i = 0; i < pages.size(); i++) {
            byNumber.put((long) i + 1, Codec.encode(pages.get(i)));
        }
        return byNumber;
    }

    private void receiveList(Map<String, Object> from, Map<String, Object> to) {
        int c = changed(from, to, "inbox");
        long page = pageTaken(from, to, c);
        byte[] datagram = inbox.get(c).remove(page);
        assertThat(datagram).as("page " + page + " for client " + c + " in flight").isNotNull();
        RecordingEffects fx = clientFx.get(c);
        started.get(c).onDatagram(CLIENT_PORT, serverAddress, datagram, now, fx);
        // the echo of the list's timestamp is no datagram of the model: lost
        fx.sent.clear();
    }

    private void tick() {
        Long publish = serverFx.timers.get(RendezvousServer.Timer.PUBLISH);
        assertThat(publish == null || publish >= tickStart + TICK).as("no list due in the tick that ends").isTrue();
        assertThat(now).as("the steps of a tick stay within it").isLessThan(tickStart + TICK);
        tickStart += TICK;
        now = tickStart;
    }

    private void fireServerTimer(RendezvousServer.Timer timer) {
        Long due = serverFx.timers.remove(timer);
        assertThat(due).as("server " + timer + " timer set").isNotNull();
        now = Math.max(now, due);
        server.onTimer(timer, now, serverFx);
        routeFromServer();
        readServerTrace();
    }

    /** The registry's changes, as the server's trace says them. */
    private void readServerTrace() {
        for (TraceEvent e : serverFx.trace) {
            String name = e.event();
            if (name.equals(RendezvousAction.REGISTER.actionName())) {
                registered.add(clientOf(e));
            } else if (name.equals(RendezvousAction.UNREGISTER.actionName())) {
                registered.remove(clientOf(e));
            } else if (name.equals(RendezvousAction.PURGE.actionName())) {
                int c = clientOf(e);
                registered.remove(c);
                purgedEarly.add(c);
            }
        }
        serverFx.trace.clear();
    }

    private void observe(Map<String, Object> model) {
        Set<Integer> reg = clientsOf(model.get("reg"));
        Set<Integer> expected = new TreeSet<>(registered);
        expected.addAll(purgedEarly);
        assertThat(expected).as("registered clients (and those purged ahead of the model)").isEqualTo(reg);
        assertThat(server.clientCount()).as("registry size").isEqualTo(registered.size());
        for (Map.Entry<Integer, MeshClient> e : started.entrySet()) {
            int c = e.getKey();
            if (!stopped.contains(c)) {
                ClientSnapshot snap = e.getValue().snapshot();
                Set<Integer> view = new TreeSet<>();
                snap.peers().forEach(p -> view.add(clientOfId(p.id())));
                assertThat(view).as("client " + c + "'s list").isEqualTo(clientsOf(seq(model, "view").get(c - 1)));
            }
        }
    }

    private boolean purgeDue(Map<String, Object> model, int c) {
        return clientsOf(model.get("reg")).contains(c) && (Long) seq(model, "silence").get(c - 1) > purgeTicks;
    }

    private Map<String, List<byte[]>> toServer(int c) {
        return toServer.computeIfAbsent(c, k -> new HashMap<>());
    }

    // ---- who is who ----

    private static Endpoint address(int c) {
        return Endpoint.of("198.51.100." + c, CLIENT_PORT);
    }

    private int clientAt(Endpoint e) {
        for (int c = 1; c <= clients; c++) {
            if (address(c).equals(e)) {
                return c;
            }
        }
        throw new AssertionError("the server sent to " + e + ", no client's address");
    }

    private static byte[] id(int c) {
        return ByteBuffer.allocate(16).putLong(0x5050_0000_0000_0000L).putLong(c).array();
    }

    private static int clientOfId(String hex) {
        for (int c = 1; c < 64; c++) {
            if (java.util.HexFormat.of().formatHex(id(c)).equals(hex)) {
                return c;
            }
        }
        throw new AssertionError("no client has id " + hex);
    }

    private static int clientOf(TraceEvent e) {
        return clientOfId(String.valueOf(e.params().get("client")));
    }

    private static int clientOf(ClientEntry e) {
        return clientOfId(java.util.HexFormat.of().formatHex(e.id()));
    }

    private static Set<Integer> listed(List<ClientEntry> entries) {
        Set<Integer> out = new TreeSet<>();
        entries.forEach(e -> out.add(clientOf(e)));
        return out;
    }
}
