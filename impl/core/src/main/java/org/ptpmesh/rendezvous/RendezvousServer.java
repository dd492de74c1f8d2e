package org.ptpmesh.rendezvous;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.ptpmesh.node.AddressCookies;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.DropCounters;
import org.ptpmesh.node.DropLog;
import org.ptpmesh.node.DropReason;
import org.ptpmesh.node.KeyClaims;
import org.ptpmesh.node.RefusedDatagram;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.portmap.AnnouncedMapping;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.RendezvousAction;
import org.ptpmesh.trace.Tracer;
import org.ptpmesh.wire.Datagram;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.DatagramWriter;
import org.ptpmesh.wire.DecodeError;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.MeshMarker;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.ReceiverRules;
import org.ptpmesh.wire.RuleViolationCode;
import org.ptpmesh.wire.Timestamps;
import org.ptpmesh.wire.TlvTypes;
import org.ptpmesh.wire.list.ClientListPager.Audience;

/**
 * The ptptest rendezvous server as a sans-IO node (docs/protocol.md 6.1, 6.2): registers
 * clients, echoes their timestamps, publishes the client list (paged for ptpmesh clients, one
 * ptptest-shaped datagram for ptptest 2014 clients), purges silent clients and removes those that
 * say SHUTDOWN.
 *
 * <p>A source proves its address before it gets anything larger than what it sent: a REGISTER
 * from an address the client is not registered at is answered with a challenge, an ECHO no
 * larger than the REGISTER whose MYTS is a cookie ({@link AddressCookies}); the client joins when
 * the cookie comes back as the YOURTS of its ECHO, which every client, ptptest 2014's included,
 * sends for any MYTS. So a forged REGISTER brings its victim at most as many bytes as the forger
 * sent.
 *
 * <p>Lists are published per client ({@link Publisher}): each client gets its list once a
 * publish period, and sooner when its list changed; a change touches the lists that name the
 * client that changed only, and no publish tick sends more than the publish budget.
 *
 * <p>A registration made in a sealed session is bound to its key (keyed; {@link KeyClaims}): a
 * plain REGISTER, ECHO or SHUTDOWN naming it is dropped, so no one without the key moves it,
 * reports as it or removes it. A plain registration is legacy, as ptptest 2014's always are.
 *
 * <p>Every datagram is rate-limited per source (junk and valid datagrams on separate budgets),
 * decoded and checked against its kind's rules; anything not acted on is counted in
 * {@link #drops()} and traced, within a per-second budget, as a {@code Drop} step with its reason
 * and source ({@link DropLog}).
 */
public final class RendezvousServer implements Node {

    /** The server's timers. */
    public enum Timer implements TimerKey {
        /** Send the lists that are due (a client's periodic list, or one that changed). */
        PUBLISH,
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
    private final AddressCookies cookies;
    private final PendingRegistrations pending;
    private final Publisher publisher;
    private final DropCounters drops = new DropCounters();
    private final DecodedDatagram decoder = new DecodedDatagram();
    /** The view of the datagram being handled, valid only during {@link #onMessage}. */
    private DatagramView view;
    /** The key the datagram being handled was sealed with, null when plain; valid as {@link #view} is. */
    private byte[] senderKey;
    private final Tracer tracer = new Tracer("server", this::describeState);
    private final DropLog dropLog;
    private final byte[] scratch = new byte[Datagram.MAX_SIZE];
    private final DatagramWriter writer = new DatagramWriter();
    private long sequence;
    private long datagramsIn;
    private long datagramsOut;
    private volatile ServerSnapshot snapshot = ServerSnapshot.EMPTY;

    /** @param random the source of the cookie key (a SecureRandom in a deployment, seeded in tests) */
    public RendezvousServer(ServerConfig config, RendezvousListener listener, RandomGenerator random) {
        this.config = config;
        this.listener = listener;
        this.registry = new Registry(config.maxClients());
        this.limiter = new SourceRateLimiter(config.rateBurst(), config.ratePerSecond(), config.maxTrackedSources());
        this.cookies = new AddressCookies(random, ServerDefaults.COOKIE_LIFETIME_SECONDS * 1_000);
        this.pending = new PendingRegistrations(config.maxPending());
        this.dropLog = new DropLog(tracer, config.dropLogPerSecond());
        this.publisher = new Publisher(config, registry, drops, tracer, new Publisher.Output() {
            @Override
            public void send(Endpoint to, byte[] datagram, Effects out) {
                RendezvousServer.this.send(to, datagram, out);
            }

            @Override
            public long nextSequence() {
                return RendezvousServer.this.nextSequence();
            }
        });
    }

    @Override
    public void start(long now, Effects out) {
        out.bind(config.port());
        out.setTimer(Timer.PURGE, now + config.purgeCheckEvery());
        tracer.step(out, now, DiagnosticEvent.START).param("port", config.port()).log();
    }

    @Override
    public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        datagramsIn++;
        // a source over both its budgets is refused before decoding: a flood costs no checksum
        if (limiter.exhausted(from, now)) {
            drop(ServerDropReason.RATE_LIMITED, from, now);
        } else {
            handle(from, decoder.decode(data), now, out);
        }
        dropLog.flush(out, now);
    }

    @Override
    public void onMessage(int localPort, Endpoint from, DecodedDatagram datagram, long now, Effects out) {
        datagramsIn++;
        handle(from, datagram, now, out);
        dropLog.flush(out, now);
    }

    private void handle(Endpoint from, DecodedDatagram datagram, long now, Effects out) {
        DecodeError error = datagram.error();
        view = datagram.view();
        if (error != null) {
            junk(RefusedDatagram.of(error.code()), null, null, from, now);
            return;
        }
        MessageKind kind = ReceiverRules.kindOf(view);
        if (kind != MessageKind.REGISTER && kind != MessageKind.ECHO && kind != MessageKind.SHUTDOWN) {
            junk(ServerDropReason.UNEXPECTED_KIND, kind == null ? null : kind.name(), null, from, now);
            return;
        }
        RuleViolationCode broken = ReceiverRules.firstBroken(view, kind);
        if (broken != null) {
            junk(ServerDropReason.RULE_VIOLATION, kind.name(), broken.wireName(), from, now);
            return;
        }
        if (!admit(from, now)) {
            return;
        }
        senderKey = datagram.authenticatedKey();
        if (refusedByKey(from, now)) {
            return;
        }
        switch (kind) {
            case REGISTER -> register(speaksPtpmesh(), from, now, out);
            case ECHO -> echoed(from, now, out);
            default -> shutdown(from, now, out);
        }
    }

    /**
     * Whether the message in {@link #view} names a client it may not act on (counted if so): a
     * keyed client named plain, or an id named with a key that is not its own.
     */
    private boolean refusedByKey(Endpoint from, long now) {
        int uuid = view.indexOf(TlvTypes.UUID);
        RegisteredClient named = registry.get(ClientId.of(view.buffer(), view.valueOffset(uuid)));
        byte[] bound = named == null ? null : named.key();
        if (senderKey == null && bound == null) {
            return false;
        }
        KeyClaims.Refusal refusal = KeyClaims.refusal(Arrays.copyOfRange(view.buffer(), view.valueOffset(uuid),
                view.valueOffset(uuid) + TlvTypes.PEER_ID_LENGTH), senderKey, bound);
        if (refusal == null) {
            return false;
        }
        drop(refusal, from, now);
        return true;
    }

    /**
     * The key the registration of {@code id} is bound to, null when there is none or it is
     * legacy. Public so that a process serving other roles on the same port refuses plain claims
     * on it too.
     */
    public byte[] boundKey(PeerId id) {
        RegisteredClient named = registry.get(ClientId.of(id.bytes()));
        return named == null ? null : named.key();
    }

    /** Junk is charged to its source's junk budget, never to the budget its valid datagrams draw on. */
    private void junk(DropReason reason, String kind, String rule, Endpoint from, long now) {
        limiter.take(from, now, SourceRateLimiter.Budget.JUNK);
        drop(reason, kind, rule, from, now);
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
                publisher.tick(now);
                publishDue(now, out, Publisher.Cause.DUE);
            }
            case PURGE -> {
                dropSilent(now, out);
                refreshSnapshot(now);
                out.setTimer(Timer.PURGE, now + config.purgeCheckEvery());
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
        int uuid = view.indexOf(TlvTypes.UUID);
        ClientId id = ClientId.of(view.buffer(), view.valueOffset(uuid));
        long myts = view.uintOf(TlvTypes.MYTS, 0);
        RegisteredClient known = registry.get(id);
        if (liveElsewhere(known, from, now)) {
            return;
        }
        RegisterRequest request = request(ptpmesh, from, now);
        if (!(known != null && known.external().equals(from)) && !pending.takeProven(id, from)) {
            challenge(request, id, uuid, myts, now, out);
            return;
        }
        Registry.Outcome outcome = registry.register(id, request, now);
        if (outcome == Registry.Outcome.FULL) {
            drop(ServerDropReason.REGISTRY_FULL, from, now);
            return;
        }
        RegisteredClient client = registry.get(id);
        echo(client, myts, view.length(), now, out);
        registered(client, outcome, from, now, out);
        int meta = view.indexOf(TlvTypes.META);
        if (meta >= 0) {
            // META is ASCII JSON (the decoder checked it parses); only from the client's own,
            // validated address, so a report is never stored as another client's
            listener.reported(client, new String(view.buffer(), view.valueOffset(meta), view.valueLength(meta),
                    StandardCharsets.US_ASCII), now);
        }
    }

    /**
     * What the REGISTER in {@link #view} says. Its MAPPEDADDR is kept only on the IP it came from
     * (else counted as {@code mapped_elsewhere}, as an introducer does with a PING's): the server
     * lists a mapped client there, and must not be made to list a stranger's address.
     */
    private RegisterRequest request(boolean ptpmesh, Endpoint from, long now) {
        Endpoint internal = view.address(view.indexOf(TlvTypes.PTPADDR));
        int nat = (int) view.uintOf(TlvTypes.NAT, -1);
        // a UPNP wider than a byte is still only yes (non-zero) or no
        int upnp = view.indexOf(TlvTypes.UPNP) < 0 ? -1 : view.uintOf(TlvTypes.UPNP, 0) == 0 ? 0 : 1;
        int announced = view.indexOf(TlvTypes.MAPPEDADDR);
        Endpoint mapped = AnnouncedMapping.accepted(announced < 0 ? null : view.address(announced), from,
                () -> drop(ServerDropReason.MAPPED_ELSEWHERE, from, now));
        return new RegisterRequest(ptpmesh ? Audience.PTPMESH : Audience.PTPTEST, from, internal, nat, upnp, mapped,
                senderKey);
    }

    /**
     * Answers a registration from an address not validated for its client with a cookie to echo,
     * in an ECHO of the registration's MYTS (a ptptest 2014 client reads it: UUID before MYTS, as
     * its parser needs), unless that would be larger than the registration itself.
     */
    private void challenge(RegisterRequest registration, ClientId id, int uuid, long myts, long now,
                           Effects out) {
        writer.wrap(scratch, 0);
        if (registration.audience() == Audience.PTPMESH) {
            writer.putUint(TlvTypes.MSGKIND, MessageKind.ECHO.code());
        }
        // SEQUENCE 0 in one byte: a challenge is none of the server's numbered replies, and it
        // keeps the challenge within a ptptest 2014 registration's size even without META
        writer.putUint(TlvTypes.SERVERVER, config.serverVersion())
                .putUint(TlvTypes.SEQUENCE, 0, 1)
                .putBytes(TlvTypes.UUID, view.buffer(), view.valueOffset(uuid), TlvTypes.PEER_ID_LENGTH)
                .putUint(TlvTypes.MYTS, cookies.mint(registration.from(), view.buffer(), view.valueOffset(uuid), now), 8)
                .putUint(TlvTypes.YOURTS, myts, 8);
        int length = writer.finish();
        if (length > view.length()) {
            drop(ServerDropReason.ANSWER_TOO_LARGE, registration.from(), now);
            return;
        }
        pending.challenged(id, registration);
        send(registration.from(), Arrays.copyOf(scratch, length), out);
        tracer.step(out, now, DiagnosticEvent.CHALLENGE).param("client", id.toString())
                .param("from", registration.from().toString()).log();
    }

    /**
     * The answer to a MYTS: YOURTS is that value unchanged, YOURADDR where it came from; never
     * larger than the registration it answers, which a client's always is (a forger who spoofs a
     * registered client's own address gets no more out of it than it put in).
     */
    private void echo(RegisteredClient client, long myts, int requestLength, long now, Effects out) {
        writer.wrap(scratch, 0);
        if (client.audience() == Audience.PTPMESH) {
            writer.putUint(TlvTypes.MSGKIND, MessageKind.ECHO.code());
        }
        writer.putUint(TlvTypes.SERVERVER, config.serverVersion())
                .putUint(TlvTypes.SEQUENCE, nextSequence())
                .putBytes(TlvTypes.UUID, client.idBytes(), 0, TlvTypes.PEER_ID_LENGTH)
                .putUint(TlvTypes.YOURTS, myts, 8)
                .putAddress(TlvTypes.YOURADDR, client.external());
        int length = writer.finish();
        if (length > requestLength) {
            drop(ServerDropReason.ANSWER_TOO_LARGE, client.external(), now);
            return;
        }
        send(client.external(), Arrays.copyOf(scratch, length), out);
    }

    private void echoed(Endpoint from, long now, Effects out) {
        int uuid = view.indexOf(TlvTypes.UUID);
        ClientId id = ClientId.of(view.buffer(), view.valueOffset(uuid));
        RegisteredClient client = registry.get(id);
        long yourts = view.uintOf(TlvTypes.YOURTS, 0);
        if (client != null && client.external().equals(from)) {
            measured(client, yourts, now, out);
            return;
        }
        if (!cookies.valid(yourts, from, view.buffer(), view.valueOffset(uuid), now)) {
            drop(ServerDropReason.NOT_REGISTERED, from, now);
            return;
        }
        tracer.step(out, now, DiagnosticEvent.ANSWER_CHALLENGE).param("client", id.toString())
                .param("from", from.toString()).log();
        if (liveElsewhere(client, from, now)) {
            return;
        }
        RegisterRequest p = pending.takePending(id, from);
        if (p == null) {
            // its registration was pushed out meanwhile: the next one joins without a challenge
            pending.proven(id, from);
            return;
        }
        Registry.Outcome outcome = registry.register(id, p, now);
        if (outcome == Registry.Outcome.FULL) {
            drop(ServerDropReason.REGISTRY_FULL, from, now);
            return;
        }
        RegisteredClient joined = registry.get(id);
        registered(joined, outcome, from, now, out);
    }

    /**
     * Whether {@code client} is registered at another address than {@code from} and was heard
     * from there within the move delay (counted if so): a live client is not taken over. Except
     * by a key: a legacy registration of a keyed id is someone's claim on an id it cannot hold
     * (an id is its key's hash), and the key's holder takes it over wherever it comes from.
     */
    private boolean liveElsewhere(RegisteredClient client, Endpoint from, long now) {
        if (client == null || client.external().equals(from) || now - client.lastSeen() > config.moveAfter()
                || senderKey != null && !client.keyed()) {
            return false;
        }
        drop(ServerDropReason.LIVE_ELSEWHERE, from, now);
        return true;
    }

    /** An echo of a list's MYTS from the client it was sent to: the server-to-client RTT. */
    private void measured(RegisteredClient client, long yourts, long now, Effects out) {
        long rtt = now - Timestamps.toMillis(yourts);
        if (rtt < 0 || rtt > MAX_PLAUSIBLE_RTT) {
            drop(ServerDropReason.BAD_TIMESTAMP, client.external(), now);
            return;
        }
        registry.heard(client.id(), now);
        client.rtt(rtt);
        listener.measured(client, rtt, now);
        listener.heard(client, now);
        tracer.step(out, now, DiagnosticEvent.RECEIVE_ECHO).param("client", client.id().toString()).param("rtt", rtt).log();
    }

    /** A registration from a validated address took effect: the others hear of a join or a move. */
    private void registered(RegisteredClient client, Registry.Outcome outcome, Endpoint from, long now, Effects out) {
        tracer.step(out, now, RendezvousAction.REGISTER).param("client", client.id().toString()).param("from", from.toString())
                .param("outcome", outcome.traceName).log();
        if (outcome == Registry.Outcome.JOINED) {
            listener.joined(client, now);
            publisher.joined(client, now, out);
        } else if (outcome == Registry.Outcome.MOVED) {
            listener.moved(client, now);
            publisher.moved(client, now, out);
        } else {
            listener.heard(client, now);
        }
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
        boolean atOnce = depart(client, now, out);
        tracer.step(out, now, RendezvousAction.UNREGISTER).param("client", client.id().toString())
                .param("from", from.toString()).log();
        listener.left(client, RendezvousListener.Departure.SHUTDOWN, now);
        if (atOnce) {
            // in the SHUTDOWN's own step, not a timer later: the others stop probing it now
            publisher.tick(now);
            publishDue(now, out, Publisher.Cause.DEPARTURE);
        }
    }

    /** Removes the clients silent longer than the purge window (the least recently heard are looked at only). */
    private void dropSilent(long now, Effects out) {
        for (RegisteredClient c : registry.silent(now, config.purgeAfter())) {
            depart(c, now, out);
            tracer.step(out, now, RendezvousAction.PURGE).param("client", c.id().toString())
                    .param("silentFor", now - c.lastSeen()).log();
            listener.left(c, RendezvousListener.Departure.PURGED, now);
        }
    }

    /**
     * A client leaves (SHUTDOWN or purge): every client that listed it gets a list without it at
     * once, whatever the announce gap, so the others stop probing it now (Rendezvous.tla,
     * AnnounceDeparture), within {@link ServerDefaults#DEPARTURES_AT_ONCE} a gap
     * ({@link Publisher#leaving}). Returns whether the lists were made due at once.
     */
    private boolean depart(RegisteredClient client, long now, Effects out) {
        boolean atOnce = publisher.leaving(client, now, out);
        registry.remove(client.id());
        return atOnce;
    }

    /**
     * Sends the lists due now. The purge timer ticks every second or so: a client silent past the
     * window leaves first, so a list holds only clients heard from within it (Rendezvous.tla,
     * PublishedFresh).
     */
    private void publishDue(long now, Effects out, Publisher.Cause cause) {
        dropSilent(now, out);
        publisher.sendDue(now, out, cause);
    }

    private void send(Endpoint to, byte[] datagram, Effects out) {
        datagramsOut++;
        out.send(config.port(), to, datagram);
    }

    private long nextSequence() {
        sequence = (sequence + 1) & 0xFFFF_FFFFL;
        return sequence;
    }

    private void refreshSnapshot(long now) {
        List<ServerSnapshot.Row> rows = new ArrayList<>();
        for (RegisteredClient c : registry.all()) {
            if (rows.size() == SNAPSHOT_ROWS) {
                break;
            }
            rows.add(new ServerSnapshot.Row(c.id().toString(), c.external().toString(), c.internal().toString(), c.nat(),
                    c.audience().name().toLowerCase(java.util.Locale.ROOT), c.lastSeen(), c.rttMillis(), c.upnp(),
                    c.mapped() == null ? null : c.mapped().toString(), c.keyed()));
        }
        snapshot = new ServerSnapshot(now, registry.size(), publisher.lists(), datagramsIn, datagramsOut, drops.snapshot(),
                List.copyOf(rows), registry.countByNat());
    }

    /**
     * Takes one datagram from {@code from}'s budget for datagrams acted on; false (and counted)
     * when it is spent. Public so that a process serving other roles on the same port limits their
     * datagrams too.
     */
    public boolean admit(Endpoint from, long now) {
        if (limiter.take(from, now, SourceRateLimiter.Budget.VALID)) {
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
