package org.ptpmesh.client;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;
import org.ptpmesh.metrics.MetricsReport;
import org.ptpmesh.metrics.PeerMetrics;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.portmap.PortMapTimer;
import org.ptpmesh.portmap.PortMapper;
import org.ptpmesh.portmap.PortMapping;
import org.ptpmesh.portmap.UpnpOutcome;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.RendezvousAction;
import org.ptpmesh.trace.Tracer;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MeshMarker;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.ReceiverRules;
import org.ptpmesh.wire.Timestamps;
import org.ptpmesh.wire.TlvTypes;
import org.ptpmesh.wire.list.ClientEntry;
import org.ptpmesh.wire.list.ClientListAssembler;

/**
 * The ptptest mesh client as a sans-IO node (docs/protocol.md 6.1): registers with its server,
 * puts the (possibly paged) client list together, probes every listed client, answers probes
 * and server timestamps with echoes, measures RTT, loss and jitter per peer, and reports them
 * to the server in META. It talks only to clients of the latest complete list, and only to those
 * of its server's address family (IPv4 or IPv6), the one its socket sends.
 *
 * <p>A ptptest 2014 server or client stops reading for good at the first TLV type it does not
 * know, so this client sends it none: it registers in ptptest 2014's shape, its META marked
 * ({@link MeshMarker}), until a datagram from its server carries MSGKIND (the server speaks
 * ptpmesh), and from then on in the full form (MSGKIND, NAT), which gets it paged lists with peer
 * ids and NAT types. A registration that goes unanswered takes it back to ptptest's shape: the
 * server that answers next may be another. Probes and echoes to other clients are always in
 * ptptest 2014's shape. With {@link ClientConfig#legacy()} it registers in ptptest's shape for
 * good, unmarked, as a ptptest 2014 client does.
 */
public final class MeshClient implements Node {

    /** The client's timers. */
    public enum Timer implements TimerKey {
        /** Register with the server again (sooner when the last registration went unanswered). */
        REGISTER,
        /** Probe every listed peer for RTT and loss. */
        PROBE
    }

    /** CLIENTVER: ptptest 2014 (version 0.2) clients send 2, and this client speaks their protocol. */
    private static final int CLIENT_VERSION = 2;

    private final ClientConfig config;
    private final byte[] id;
    private final Tracer tracer;
    private final DecodedDatagram decoder = new DecodedDatagram();
    private final ClientListAssembler assembler;
    private Map<Endpoint, ListedPeer> peers = new LinkedHashMap<>();
    private long sequence;
    private int reportCursor;
    private Endpoint yourAddress;
    private long serverRtt = -1;
    private long lastRegisterAt = Long.MIN_VALUE;
    /** Whether a datagram came from the server since the last registration went out. */
    private boolean answered;
    /** Whether the server showed it speaks ptpmesh (MSGKIND): registrations use the full form. */
    private boolean fullForm;
    private long listsReceived;
    private long dropped;
    private boolean stopped;
    /** The NAT code sent in REGISTER: from the configuration (STUN), until a NAT check says better. */
    private int nat;
    /**
     * The address sent as PTPADDR: the configured one, or, when that is a wildcard (a client bound
     * on all addresses), the host's first address of its family as the driver reports it, since
     * peers behind the same public IP probe whatever this says.
     */
    private Endpoint ptpAddress;
    private volatile ClientSnapshot snapshot;
    /** Null when the config names no gateway to ask. */
    private final PortMapper portMapper;
    /** The mapping in force, said in every REGISTER (UPNP 1, and MAPPEDADDR in full form); null when there is none. */
    private PortMapping portMapping;

    /** A client that asks no gateway for a port mapping (its config must name none). */
    public MeshClient(ClientConfig config) {
        this(config, null);
    }

    /**
     * @param random where a port mapping's PCP nonce comes from (randomness comes in); may be null
     *               only when the config names no gateway
     */
    public MeshClient(ClientConfig config, RandomGenerator random) {
        if (config.portMap() != null && random == null) {
            throw new IllegalArgumentException("a port mapping needs a random nonce: give MeshClient a random source");
        }
        this.config = config;
        this.id = config.peerId();
        this.tracer = new Tracer("client-" + HexFormat.of().formatHex(id, 0, 4), state -> state.put("peers", peers.size()));
        this.snapshot = ClientSnapshot.initial(config.server().toString());
        this.nat = config.nat();
        this.ptpAddress = config.ptpAddress();
        this.assembler = new ClientListAssembler(config.maxListPages(), config.maxPeers());
        this.portMapper = config.portMap() == null ? null
                : PortMapper.forPort(config.portMap(), config.localPort(), random, m -> portMapping = m, tracer);
    }

    /** A NAT check (two introducers) classified this host: report that from the next REGISTER on. */
    public void natClassified(int code) {
        nat = code;
    }

    public int nat() {
        return nat;
    }

    @Override
    public void start(long now, Effects out) {
        out.bind(config.localPort());
        if (announcesWildcard()) {
            // the driver reports the host's addresses right after start: registering a moment
            // later lets the first REGISTER carry the LAN address instead of 0.0.0.0
            out.setTimer(Timer.REGISTER, now);
        } else {
            onTimer(Timer.REGISTER, now, out);
        }
        out.setTimer(Timer.PROBE, now + config.probeEvery());
        if (portMapper != null) {
            portMapper.start(now, out);
        }
    }

    /**
     * With a wildcard address configured, announces the host's first address of that family, and
     * registers again at once when it changed after a registration went out, so the server lists
     * the new LAN address now rather than a period later. A specific address stays as configured.
     */
    @Override
    public void onAddressesChanged(List<InetAddress> addresses, long now, Effects out) {
        if (!config.ptpAddress().address().isAnyLocalAddress() || stopped) {
            return;
        }
        boolean ipv4 = config.ptpAddress().address() instanceof Inet4Address;
        Optional<InetAddress> first = addresses.stream().filter(a -> !ipv4 || a instanceof Inet4Address).findFirst();
        if (first.isEmpty() || first.get().equals(ptpAddress.address())) {
            return;
        }
        ptpAddress = new Endpoint(first.get(), config.localPort());
        if (lastRegisterAt != Long.MIN_VALUE) {
            registerNow(now, out);
        }
    }

    private boolean announcesWildcard() {
        return ptpAddress.address().isAnyLocalAddress();
    }

    @Override
    public void onTimer(TimerKey key, long now, Effects out) {
        if (stopped) {
            return;
        }
        if (key instanceof PortMapTimer t && portMapper != null) {
            Endpoint before = mappedAddress();
            portMapper.onTimer(t, now, out);
            mappingChanged(before, now, out);
            return;
        }
        if (key == Timer.REGISTER) {
            if (answered && now < lastRegisterAt + config.registerEvery()) {
                out.setTimer(Timer.REGISTER, lastRegisterAt + config.registerEvery());
                return;
            }
            if (!answered && fullForm) {
                // the server went silent: whoever answers next on its address may be a ptptest
                // 2014 server, which a full-form REGISTER would stop
                fullForm = false;
                tracer.step(out, now, DiagnosticEvent.REGISTER_FORM).param("form", formName()).log();
            }
            registerNow(now, out);
        } else if (key == Timer.PROBE) {
            probeAll(now, out);
            refreshSnapshot(now);
            out.setTimer(Timer.PROBE, now + config.probeEvery());
        }
    }

    /** A mapping the runtime got by UPnP: said in the next REGISTER, as one by PCP or NAT-PMP. */
    @Override
    public void onUpnp(UpnpOutcome outcome, long now, Effects out) {
        if (!stopped && portMapper != null) {
            portMapper.onUpnp(outcome, now, out);
        }
    }

    @Override
    public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        onMessage(localPort, from, decoder.decode(data), now, out);
    }

    @Override
    public void onMessage(int localPort, Endpoint from, DecodedDatagram datagram, long now, Effects out) {
        if (stopped) {
            return;
        }
        if (portMapper != null && portMapper.isGateway(from)) {
            // the gateway's PCP or NAT-PMP answer: not ptpmesh, never counted as a malformed datagram
            Endpoint before = mappedAddress();
            portMapper.onDatagram(datagram.bytes(), now, out);
            mappingChanged(before, now, out);
            return;
        }
        if (datagram.error() != null) {
            dropped++;
            return;
        }
        DatagramView view = datagram.view();
        if (ReceiverRules.firstBroken(view) != null) {
            dropped++;
            return;
        }
        Message m = Codec.toMessage(view);
        MessageKind kind = m.kind();
        if (from.equals(config.server())) {
            fromServer(kind, m, now, out);
            return;
        }
        ListedPeer peer = peers.get(from);
        if (peer == null) {
            // a client talks only to clients in the latest list
            dropped++;
            return;
        }
        if (kind == MessageKind.PROBE) {
            peer.metrics().probeReceived();
            sendEcho(from, m.uint(TlvTypes.MYTS).orElseThrow(), out);
            tracer.step(out, now, DiagnosticEvent.RECEIVE_PROBE).param("peer", from.toString()).log();
        } else if (kind == MessageKind.ECHO) {
            long rtt = peer.metrics().echoReceived(m.uint(TlvTypes.YOURTS).orElseThrow(), now);
            if (rtt >= 0) {
                peer.answered(now);
                tracer.step(out, now, DiagnosticEvent.RECEIVE_ECHO).param("peer", from.toString())
                        .param("rtt", rtt).log();
            }
        } else {
            dropped++;
        }
    }

    /** Where the gateway forwards our port to, null when it forwards none. */
    private Endpoint mappedAddress() {
        return portMapping == null ? null : portMapping.externalEndpoint();
    }

    /**
     * A new, moved or lost mapping changes where the server should list us: register at once
     * rather than a period later (a renewal of the same port changes nothing).
     */
    private void mappingChanged(Endpoint before, long now, Effects out) {
        if (!Objects.equals(before, mappedAddress()) && lastRegisterAt != Long.MIN_VALUE) {
            registerNow(now, out);
        }
    }

    private void registerNow(long now, Effects out) {
        register(now, out);
        lastRegisterAt = now;
        answered = false;
        // a registration lost on the way (a busy server, a flood) is retried after a quarter
        // period instead of a whole one; an answered one waits for the next period
        out.setTimer(Timer.REGISTER, now + Math.max(1, config.registerEvery() / 4));
    }

    /** Leaves gracefully: tells the server at once, so it can announce the departure. */
    public void shutdown(long now, Effects out) {
        if (stopped) {
            return;
        }
        stopped = true;
        out.cancelTimer(Timer.REGISTER);
        out.cancelTimer(Timer.PROBE);
        if (portMapper != null) {
            portMapper.stop(now, out);
            portMapping = null;
        }
        // in full form only to a server that answered the last registration (the timer that would
        // take the client back to ptptest's shape may not have fired yet); otherwise ptptest
        // 2014's goodbye: its registration with SHUTDOWN in place of MYTS
        Message.Builder m = fullForm && answered ? Message.of(MessageKind.SHUTDOWN, id).uint(TlvTypes.CLIENTVER, CLIENT_VERSION)
                .uint(TlvTypes.SEQUENCE, nextSequence())
                : legacyHeader().address(TlvTypes.PTPADDR, ptpAddress);
        out.send(config.localPort(), config.server(), Codec.encode(m.uint(TlvTypes.SHUTDOWN, 1).build()));
        tracer.step(out, now, RendezvousAction.SHUTDOWN).param("server", config.server().toString()).log();
    }

    private void fromServer(MessageKind kind, Message m, long now, Effects out) {
        answered = true;
        if (kind == MessageKind.LIST) {
            yourAddress = m.address(TlvTypes.YOURADDR).orElse(yourAddress);
            // one echo per publication: the first page carries the timestamp worth measuring
            if (m.uint(TlvTypes.PAGE).orElse(0) == 0) {
                sendEcho(config.server(), m.uint(TlvTypes.MYTS).orElseThrow(), out);
            }
            ListPage page = new ListPage(m.uint(TlvTypes.PAGE).orElse(0), m.uint(TlvTypes.PAGECOUNT).orElse(1),
                    m.uint(TlvTypes.CLIENTLEN).orElse(0));
            long refusedBefore = assembler.refused();
            Optional<List<ClientEntry>> list = assembler.accept(m);
            dropped += assembler.refused() - refusedBefore;
            if (list.isPresent()) {
                applyList(list.get(), page, now, out);
            } else {
                // one step per page, as Rendezvous.tla's ReceiveList: this one did not complete a list
                page.step(tracer, out, now).param("complete", false).log();
            }
        } else if (kind == MessageKind.ECHO) {
            yourAddress = m.address(TlvTypes.YOURADDR).orElse(yourAddress);
            serverRtt = Math.max(0, now - Timestamps.toMillis(m.uint(TlvTypes.YOURTS).orElseThrow()));
            tracer.step(out, now, DiagnosticEvent.RECEIVE_ECHO).param("peer", "server").param("rtt", serverRtt).log();
            OptionalLong cookie = m.uint(TlvTypes.MYTS);
            if (cookie.isPresent()) {
                // a challenge: the server lists us once we echo its cookie from where we registered
                sendEcho(config.server(), cookie.getAsLong(), out);
                tracer.step(out, now, DiagnosticEvent.ANSWER_CHALLENGE).param("to", "server").log();
            }
        } else {
            dropped++;
            return;
        }
        if (!fullForm && !config.legacy() && m.has(TlvTypes.MSGKIND)) {
            // the server speaks ptpmesh: tell it the NAT type now rather than a period later
            fullForm = true;
            tracer.step(out, now, DiagnosticEvent.REGISTER_FORM).param("form", formName()).log();
            registerNow(now, out);
        }
    }

    private String formName() {
        return fullForm ? "full" : "ptptest";
    }

    /**
     * Which page of how many a LIST datagram says it is, and the entries it holds (CLIENTLEN): what
     * a trace replay compares with the pages of the list the server built.
     */
    private record ListPage(long page, long pages, long entries) {

        Tracer.Step step(Tracer tracer, Effects out, long now) {
            return tracer.step(out, now, RendezvousAction.RECEIVE_LIST).param("page", page).param("pages", pages)
                    .param("entries", entries);
        }
    }

    private void applyList(List<ClientEntry> list, ListPage page, long now, Effects out) {
        listsReceived++;
        Map<Endpoint, ListedPeer> latest = new LinkedHashMap<>();
        int added = 0;
        int otherFamily = 0;
        for (ClientEntry e : list) {
            Endpoint contact = ListedPeer.contactOf(e);
            if (contact.isIpv4() != config.server().isIpv4()) {
                // a dual-stack server lists both families; this client's socket sends only its server's
                otherFamily++;
                continue;
            }
            if (latest.size() == config.maxPeers() || isMe(e, contact) || latest.containsKey(contact)) {
                continue;
            }
            ListedPeer p = peers.get(contact);
            if (p == null) {
                p = new ListedPeer(e, new PeerMetrics(config.rttWindow(), config.lossTimeout()));
                added++;
            } else {
                p.relisted(e);
            }
            latest.put(contact, p);
        }
        int removed = (int) peers.keySet().stream().filter(k -> !latest.containsKey(k)).count();
        peers = latest;
        page.step(tracer, out, now).param("complete", true)
                .param("peers", latest.size()).param("added", added).param("removed", removed)
                .param("otherFamily", otherFamily).log();
        refreshSnapshot(now);
    }

    private boolean isMe(ClientEntry e, Endpoint contact) {
        return (e.id() != null && Arrays.equals(e.id(), id)) || contact.equals(ptpAddress)
                || e.external().equals(yourAddress);
    }

    private void register(long now, Effects out) {
        List<ListedPeer> toReport = nextReports();
        int datagrams = Math.max(1, toReport.size());
        for (int i = 0; i < datagrams; i++) {
            ListedPeer p = i < toReport.size() ? toReport.get(i) : null;
            String report = p == null ? null : new MetricsReport(p.contact(), p.entry().id(), p.snapshot()).toJson();
            Message.Builder b;
            if (fullForm) {
                b = Message.of(MessageKind.REGISTER, id).uint(TlvTypes.CLIENTVER, CLIENT_VERSION)
                        .uint(TlvTypes.SEQUENCE, nextSequence()).address(TlvTypes.PTPADDR, ptpAddress)
                        .uint(TlvTypes.MYTS, Timestamps.fromMillis(now)).uint(TlvTypes.NAT, nat);
            } else {
                // ptptest 2014's order: CLIENTVER, SEQUENCE, UUID, PTPADDR, MYTS, META
                b = legacyHeader().address(TlvTypes.PTPADDR, ptpAddress).uint(TlvTypes.MYTS, Timestamps.fromMillis(now));
                report = config.legacy() ? report : MeshMarker.mark(report);
            }
            if (portMapping != null) {
                // UPNP is ptptest 2014's own TLV ("UPnP used"): either form may carry it; MAPPEDADDR,
                // where the server lists us, only the full form (ptptest 2014 stops at a TLV it
                // does not know)
                b.uint(TlvTypes.UPNP, 1);
                if (fullForm) {
                    b.address(TlvTypes.MAPPEDADDR, portMapping.externalEndpoint());
                }
            }
            if (report != null) {
                b.json(TlvTypes.META, report);
            }
            out.send(config.localPort(), config.server(), Codec.encode(b.build()));
        }
        tracer.step(out, now, RendezvousAction.SEND_REGISTER).param("server", config.server().toString())
                .param("reports", toReport.size()).param("form", formName()).log();
    }

    /** CLIENTVER, SEQUENCE and UUID in ptptest 2014's widths, as every datagram of its clients starts. */
    private Message.Builder legacyHeader() {
        return Message.builder().uint(TlvTypes.CLIENTVER, CLIENT_VERSION, 1).uint(TlvTypes.SEQUENCE, nextSequence(), 4)
                .bytes(TlvTypes.UUID, id);
    }

    /** The next peers to report, round robin, so every peer is reported within a few rounds. */
    private List<ListedPeer> nextReports() {
        List<ListedPeer> all = new ArrayList<>(peers.values());
        int n = Math.min(all.size(), config.reportsPerRound());
        List<ListedPeer> chosen = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            chosen.add(all.get(Math.floorMod(reportCursor + i, all.size())));
        }
        reportCursor = all.isEmpty() ? 0 : Math.floorMod(reportCursor + n, all.size());
        return chosen;
    }

    private void probeAll(long now, Effects out) {
        long myts = Timestamps.fromMillis(now);
        for (Map.Entry<Endpoint, ListedPeer> e : peers.entrySet()) {
            PeerMetrics metrics = e.getValue().metrics();
            metrics.expire(now);
            metrics.probeSent(myts, now);
            Message probe = legacyHeader().uint(TlvTypes.MYTS, myts, 8).build();
            out.send(config.localPort(), e.getKey(), Codec.encode(probe));
        }
        if (!peers.isEmpty()) {
            tracer.step(out, now, DiagnosticEvent.PROBE).param("peers", peers.size()).log();
        }
    }

    /**
     * Whoever receives MYTS answers at once with YOURTS = that value (docs/protocol.md 6.1), here
     * in ptptest 2014's shape, which every server and client reads.
     */
    private void sendEcho(Endpoint to, long myts, Effects out) {
        Message echo = legacyHeader().uint(TlvTypes.YOURTS, myts, 8).build();
        out.send(config.localPort(), to, Codec.encode(echo));
    }

    private long nextSequence() {
        sequence = (sequence + 1) & 0xFFFF_FFFFL;
        return sequence;
    }

    private void refreshSnapshot(long now) {
        List<ClientSnapshot.PeerRow> rows = new ArrayList<>(peers.size());
        for (ListedPeer p : peers.values()) {
            byte[] peerId = p.entry().id();
            rows.add(new ClientSnapshot.PeerRow(p.contact().toString(), peerId == null ? "" : HexFormat.of().formatHex(peerId),
                    p.entry().nat(), p.state(now, config.lossTimeout()), p.snapshot()));
        }
        snapshot = new ClientSnapshot(now, config.server().toString(), yourAddress == null ? null : yourAddress.toString(),
                yourAddress != null, fullForm, serverRtt, listsReceived, dropped, List.copyOf(rows),
                portMapping == null ? null : portMapping.protocol().label() + " " + portMapping.external());
    }


    /** The latest state for other threads; refreshed at every probe round and every new list. */
    public ClientSnapshot snapshot() {
        return snapshot;
    }

    /** The client's address as the server last said it sees it. */
    public Optional<Endpoint> yourAddress() {
        return Optional.ofNullable(yourAddress);
    }
}
