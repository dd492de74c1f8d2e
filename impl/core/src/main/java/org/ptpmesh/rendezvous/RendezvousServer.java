package org.ptpmesh.rendezvous;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.DropCounters;
import org.ptpmesh.node.DropLog;
import org.ptpmesh.node.DropReason;
import org.ptpmesh.node.RefusedDatagram;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.RendezvousAction;
import org.ptpmesh.trace.Tracer;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Datagram;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.DatagramWriter;
import org.ptpmesh.wire.DecodeError;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MeshMarker;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.ReceiverRules;
import org.ptpmesh.wire.RuleViolationCode;
import org.ptpmesh.wire.Timestamps;
import org.ptpmesh.wire.TlvTypes;
import org.ptpmesh.wire.list.ClientListPager;
import org.ptpmesh.wire.list.ClientListPager.Audience;
import org.ptpmesh.wire.list.ListHeader;

/**
 * The ptptest rendezvous server as a sans-IO node (docs/protocol.md 6.1, 6.2): registers
 * clients, echoes their timestamps, publishes the client list (paged for ptpmesh clients, one
 * ptptest-shaped datagram for ptptest 2014 clients) periodically and at once on a join or a
 * leave, purges silent clients and removes those that say SHUTDOWN.
 *
 * <p>Every datagram is rate-limited per source, then decoded and checked against its kind's
 * rules; anything not acted on is counted in {@link #drops()} and traced, within a per-second
 * budget, as a {@code Drop} step with its reason and source ({@link DropLog}).
 */
public final class RendezvousServer implements Node {

    /** The server's timers. */
    public enum Timer implements TimerKey {
        /** Publish the client list (every publish period). */
        PUBLISH,
        /** Publish after a join (or a burst of departures), no sooner than the announce gap after the last. */
        ANNOUNCE,
        /** Look for clients silent for too long. */
        PURGE
    }

    /** Rows the UI snapshot carries at most: a screen shows far fewer. */
    private static final int SNAPSHOT_ROWS = 1000;
    /** An echo older than this answers no list of ours (the clock jumped, or it is forged). */
    private static final long MAX_PLAUSIBLE_RTT = 60_000;

    private final ServerConfig config;
    private final RendezvousListener listener;
    private final Registry registry;
    private final SourceRateLimiter limiter;
    private final DropCounters drops = new DropCounters();
    private final DecodedDatagram decoder = new DecodedDatagram();
    /** The view of the datagram being handled, valid only during {@link #onMessage}. */
    private DatagramView view;
    private final Tracer tracer = new Tracer("server", this::describeState);
    private final DropLog dropLog;
    private final byte[] scratch = new byte[Datagram.MAX_SIZE];
    private final DatagramWriter writer = new DatagramWriter();
    private long sequence;
    private long listId;
    private long lastPublishAt = Long.MIN_VALUE / 2;
    private boolean announcePending;
    /** Departures published at once since {@link #departureWindowStart} (at most {@link ServerDefaults#DEPARTURES_AT_ONCE} a gap). */
    private int departuresAtOnce;
    private long departureWindowStart = Long.MIN_VALUE / 2;
    private long publications;
    private long datagramsIn;
    private long datagramsOut;
    private volatile ServerSnapshot snapshot = ServerSnapshot.EMPTY;

    public RendezvousServer(ServerConfig config, RendezvousListener listener) {
        this.config = config;
        this.listener = listener;
        this.registry = new Registry(config.maxClients());
        this.limiter = new SourceRateLimiter(config.rateBurst(), config.ratePerSecond(), config.maxTrackedSources());
        this.dropLog = new DropLog(tracer, config.dropLogPerSecond());
    }

    @Override
    public void start(long now, Effects out) {
        out.bind(config.port());
        out.setTimer(Timer.PUBLISH, now + config.publishEvery());
        out.setTimer(Timer.PURGE, now + purgeCheckEvery());
        tracer.step(out, now, DiagnosticEvent.START).param("port", config.port()).log();
    }

    @Override
    public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        datagramsIn++;
        // admitted before it is decoded: a flood over the source's budget costs no checksum
        if (admit(from, now)) {
            handle(from, decoder.decode(data), now, out);
        }
        dropLog.flush(out, now);
    }

    @Override
    public void onMessage(int localPort, Endpoint from, DecodedDatagram datagram, long now, Effects out) {
        datagramsIn++;
        if (admit(from, now)) {
            handle(from, datagram, now, out);
        }
        dropLog.flush(out, now);
    }

    private void handle(Endpoint from, DecodedDatagram datagram, long now, Effects out) {
        DecodeError error = datagram.error();
        view = datagram.view();
        if (error != null) {
            drop(RefusedDatagram.of(error.code()), from, now);
            return;
        }
        MessageKind kind = ReceiverRules.kindOf(view);
        if (kind != MessageKind.REGISTER && kind != MessageKind.ECHO && kind != MessageKind.SHUTDOWN) {
            drop(ServerDropReason.UNEXPECTED_KIND, kind == null ? null : kind.name(), null, from, now);
            return;
        }
        RuleViolationCode broken = ReceiverRules.firstBroken(view, kind);
        if (broken != null) {
            drop(ServerDropReason.RULE_VIOLATION, kind.name(), broken.wireName(), from, now);
            return;
        }
        switch (kind) {
            case REGISTER -> register(speaksPtpmesh(), from, now, out);
            case ECHO -> echoed(from, now, out);
            default -> shutdown(from, now, out);
        }
    }

    @Override
    public void onTimer(TimerKey key, long now, Effects out) {
        if (!(key instanceof Timer timer)) {
            return;
        }
        fire(timer, now, out);
        dropLog.flush(out, now);
    }

    private void fire(Timer timer, long now, Effects out) {
        switch (timer) {
            case PUBLISH -> {
                publish(now, out, "periodic");
                out.setTimer(Timer.PUBLISH, now + config.publishEvery());
            }
            case ANNOUNCE -> {
                announcePending = false;
                publish(now, out, "change");
            }
            case PURGE -> {
                purge(now, out);
                refreshSnapshot(now);
                out.setTimer(Timer.PURGE, now + purgeCheckEvery());
            }
        }
    }

    /**
     * A ptpmesh client shows itself by MSGKIND or, registering in ptptest 2014's shape, by the
     * marker in its META (docs/protocol.md 6.1); it is then answered in full form, MSGKIND first,
     * which is how it learns that this server speaks ptpmesh.
     */
    private boolean speaksPtpmesh() {
        if (view.indexOf(TlvTypes.MSGKIND) >= 0) {
            return true;
        }
        int meta = view.indexOf(TlvTypes.META);
        return meta >= 0 && MeshMarker.isMarked(view.buffer(), view.valueOffset(meta), view.valueLength(meta));
    }

    private void register(boolean ptpmesh, Endpoint from, long now, Effects out) {
        ClientId id = ClientId.of(view.buffer(), view.valueOffset(view.indexOf(TlvTypes.UUID)));
        Endpoint internal = view.address(view.indexOf(TlvTypes.PTPADDR));
        int nat = (int) view.uintOf(TlvTypes.NAT, -1);
        Audience audience = ptpmesh ? Audience.PTPMESH : Audience.PTPTEST;
        Registry.Outcome outcome = registry.register(id, audience, from, internal, nat, now);
        if (outcome == Registry.Outcome.FULL) {
            drop(ServerDropReason.REGISTRY_FULL, from, now);
            return;
        }
        RegisteredClient client = registry.get(id);
        echo(client, view.uintOf(TlvTypes.MYTS, 0), out);
        tracer.step(out, now, RendezvousAction.REGISTER).param("client", id.toString()).param("from", from.toString())
                .param("outcome", outcome.traceName).log();
        if (outcome == Registry.Outcome.JOINED) {
            listener.joined(client, now);
        } else if (outcome == Registry.Outcome.MOVED) {
            listener.moved(client, now);
        } else {
            listener.heard(client, now);
        }
        int meta = view.indexOf(TlvTypes.META);
        if (meta >= 0) {
            // META is ASCII JSON (the decoder checked it parses)
            listener.reported(client, new String(view.buffer(), view.valueOffset(meta), view.valueLength(meta),
                    StandardCharsets.US_ASCII), now);
        }
        if (outcome != Registry.Outcome.REFRESHED) {
            announce(now, out);
        }
    }

    /** The answer to a MYTS: YOURTS is that value unchanged, YOURADDR where it came from. */
    private void echo(RegisteredClient client, long myts, Effects out) {
        writer.wrap(scratch, 0);
        if (client.audience() == Audience.PTPMESH) {
            writer.putUint(TlvTypes.MSGKIND, MessageKind.ECHO.code());
        }
        writer.putUint(TlvTypes.SERVERVER, config.serverVersion())
                .putUint(TlvTypes.SEQUENCE, nextSequence())
                .putBytes(TlvTypes.UUID, client.idBytes(), 0, TlvTypes.PEER_ID_LENGTH)
                .putUint(TlvTypes.YOURTS, myts, 8)
                .putAddress(TlvTypes.YOURADDR, client.external());
        send(client.external(), Arrays.copyOf(scratch, writer.finish()), out);
    }

    private void echoed(Endpoint from, long now, Effects out) {
        ClientId id = ClientId.of(view.buffer(), view.valueOffset(view.indexOf(TlvTypes.UUID)));
        RegisteredClient client = registry.get(id);
        if (client == null || !client.external().equals(from)) {
            drop(ServerDropReason.NOT_REGISTERED, from, now);
            return;
        }
        long rtt = now - Timestamps.toMillis(view.uintOf(TlvTypes.YOURTS, 0));
        if (rtt < 0 || rtt > MAX_PLAUSIBLE_RTT) {
            drop(ServerDropReason.BAD_TIMESTAMP, from, now);
            return;
        }
        registry.heard(id, now);
        client.rtt(rtt);
        listener.heard(client, now);
        tracer.step(out, now, DiagnosticEvent.RECEIVE_ECHO).param("client", id.toString()).param("rtt", rtt).log();
    }

    private void shutdown(Endpoint from, long now, Effects out) {
        RegisteredClient client = registry.get(ClientId.of(view.buffer(), view.valueOffset(view.indexOf(TlvTypes.UUID))));
        if (client == null) {
            drop(ServerDropReason.NOT_REGISTERED, from, now);
            return;
        }
        if (!client.external().equals(from)) {
            drop(ServerDropReason.SPOOFED_SHUTDOWN, from, now);
            return;
        }
        registry.remove(client.id());
        tracer.step(out, now, RendezvousAction.UNREGISTER).param("client", client.id().toString())
                .param("from", from.toString()).log();
        listener.left(client, RendezvousListener.Departure.SHUTDOWN, now);
        announceDeparture(now, out);
    }

    /**
     * A client that said SHUTDOWN is published gone at once, whatever the announce gap, so the
     * others stop probing it now (Rendezvous.tla, AnnounceDeparture); a join waiting for the gap
     * goes out with it. Only a burst of departures, more than {@link ServerDefaults#DEPARTURES_AT_ONCE}
     * within one gap, waits for the gap, so that spoofed registrations leaving one by one cannot
     * make the server publish to every client once per departure.
     */
    private void announceDeparture(long now, Effects out) {
        if (now - departureWindowStart >= config.announceGap()) {
            departureWindowStart = now;
            departuresAtOnce = 0;
        }
        if (departuresAtOnce == ServerDefaults.DEPARTURES_AT_ONCE) {
            announce(now, out);
            return;
        }
        departuresAtOnce++;
        if (announcePending) {
            announcePending = false;
            out.cancelTimer(Timer.ANNOUNCE);
        }
        publish(now, out, "departure");
    }

    private void purge(long now, Effects out) {
        if (dropSilent(now, out)) {
            announce(now, out);
        }
    }

    /** Removes the clients silent longer than the purge window; true if there were any. */
    private boolean dropSilent(long now, Effects out) {
        List<RegisteredClient> purged = registry.purge(now, config.purgeAfter());
        for (RegisteredClient c : purged) {
            tracer.step(out, now, RendezvousAction.PURGE).param("client", c.id().toString())
                    .param("silentFor", now - c.lastSeen()).log();
            listener.left(c, RendezvousListener.Departure.PURGED, now);
        }
        return !purged.isEmpty();
    }

    /** A join or purge is published at once, unless one was published within the announce gap. */
    private void announce(long now, Effects out) {
        if (!announcePending) {
            announcePending = true;
            out.setTimer(Timer.ANNOUNCE, Math.max(now, lastPublishAt + config.announceGap()));
        }
    }

    private void publish(long now, Effects out, String cause) {
        // the purge timer ticks every few seconds: a client silent past the window leaves now, so
        // a list holds only clients heard from within it (Rendezvous.tla, PublishedFresh); this
        // publication announces the departure
        dropSilent(now, out);
        lastPublishAt = now;
        listId = (listId + 1) & 0xFFFF_FFFFL;
        publications++;
        List<RegisteredClient> clients = new ArrayList<>(registry.all());
        long myts = Timestamps.fromMillis(now);
        long sent = 0;
        for (int i = 0; i < clients.size(); i++) {
            RegisteredClient c = clients.get(i);
            ListHeader header = new ListHeader(config.serverVersion(), nextSequence(), c.idBytes(), myts, c.external());
            ClientListPager.Pages pages = ClientListPager.paginate(header,
                    ListComposer.entriesFor(clients, i, config.listLimit()), listId, c.audience());
            for (Message page : pages.messages()) {
                send(c.external(), Codec.encode(page), out);
                sent++;
            }
            if (pages.omitted() > 0) {
                drops.count(ServerDropReason.LIST_ENTRIES_OMITTED, pages.omitted());
            }
        }
        tracer.step(out, now, RendezvousAction.PUBLISH).param("listId", listId).param("cause", cause)
                .param("clients", clients.size()).param("datagrams", sent).log();
    }

    private void send(Endpoint to, byte[] datagram, Effects out) {
        datagramsOut++;
        out.send(config.port(), to, datagram);
    }

    private long nextSequence() {
        sequence = (sequence + 1) & 0xFFFF_FFFFL;
        return sequence;
    }

    private long purgeCheckEvery() {
        // a tenth of the silence keeps purges within 10% of it late, and never busier than 100 Hz
        return Math.max(10, Math.min(1000, config.purgeAfter() / 10));
    }

    private void refreshSnapshot(long now) {
        List<ServerSnapshot.Row> rows = new ArrayList<>();
        for (RegisteredClient c : registry.all()) {
            if (rows.size() == SNAPSHOT_ROWS) {
                break;
            }
            rows.add(new ServerSnapshot.Row(c.id().toString(), c.external().toString(), c.internal().toString(), c.nat(),
                    c.audience().name().toLowerCase(java.util.Locale.ROOT), c.lastSeen(), c.rttMillis()));
        }
        snapshot = new ServerSnapshot(now, registry.size(), publications, datagramsIn, datagramsOut, drops.snapshot(),
                List.copyOf(rows));
    }

    /**
     * Takes one datagram from {@code from}'s rate budget; false (and counted) when it is spent.
     * Public so that a process serving other roles on the same port limits their datagrams too.
     */
    public boolean admit(Endpoint from, long now) {
        if (limiter.allow(from, now)) {
            return true;
        }
        drop(ServerDropReason.RATE_LIMITED, from, now);
        return false;
    }

    /** Counts a refused datagram and notes it for the log (written at the end of the callback). */
    private void drop(DropReason reason, Endpoint from, long now) {
        drop(reason, null, null, from, now);
    }

    private void drop(DropReason reason, String kind, String rule, Endpoint from, long now) {
        drops.count(reason);
        dropLog.dropped(now, reason, kind, rule, from);
    }


    public DropCounters drops() {
        return drops;
    }

    /** The latest state for other threads; refreshed at every purge check. */
    public ServerSnapshot snapshot() {
        return snapshot;
    }

    /** Registered clients right now; only for the event loop thread and tests driving the node. */
    public int clientCount() {
        return registry.size();
    }

    public ServerConfig config() {
        return config;
    }

    /** The state every trace line of the server ends with. */
    private void describeState(Map<String, Object> state) {
        state.put("clients", registry.size());
    }
}
