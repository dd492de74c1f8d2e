package org.ptpmesh.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.ptpmesh.compose.ClassifyingClient;
import org.ptpmesh.client.ClientConfig;
import org.ptpmesh.client.ClientDefaults;
import org.ptpmesh.client.ClientSnapshot;
import org.ptpmesh.client.MeshClient;
import org.ptpmesh.identity.NodeSecurity;
import org.ptpmesh.introducer.IntroducerLabels;
import org.ptpmesh.metrics.MetricsSnapshot;
import org.ptpmesh.net.LocalAddresses;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.peer.PeerDefaults;
import org.ptpmesh.portmap.DefaultGateway;
import org.ptpmesh.portmap.PortMapDefaults;
import org.ptpmesh.portmap.PortMapGateway;
import org.ptpmesh.portmap.upnp.UpnpLimits;
import org.ptpmesh.rendezvous.ServerDefaults;
import org.ptpmesh.secure.SecureNode;
import org.ptpmesh.stun.NatBehaviour;
import org.ptpmesh.ui.LogSink;
import org.ptpmesh.ui.StatusView;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code bin/ptpclient}: the mesh client. ptptest 2014's flags, so existing scripts keep working,
 * plus its own address and port, peer id, timers and STUN server.
 */
@Command(name = "ptpclient", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = {SendCommand.class, ReceiveCommand.class, ServeCommand.class, FetchCommand.class},
        description = {
            "PTP Mesh Client: registers with a server, learns the client list, probes every "
                + "listed client for RTT, loss and jitter, reports them to the server, and learns "
                + "its public address and NAT behaviour by STUN. Its id is its key's (--identity) and "
                + "it reaches the server sealed, trusting the server's key as pinned (-s HOST@KEY) or "
                + "recorded at first contact; a different key stops it with status 1. --legacy runs it "
                + "without keys, as ptptest 2014's clients.",
            ""},
        footer = {"", "Durations take ms, s or m (500ms, 7s). Stop with q (console UI), Ctrl-C or SIGTERM:",
            "the client tells the server it leaves (SHUTDOWN).",
            "Example: ptpclient -s 198.51.100.7 -p 23456 --nostun"})
public final class PtpclientCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-s", "--server"}, paramLabel = "<address>[@KEY]", defaultValue = "127.0.0.1",
            description = "The address of the server, @KEY to pin its public key as with --introducers [${DEFAULT-VALUE}]")
    String server;

    @Option(names = {"-p", "--port"}, paramLabel = "<port>", defaultValue = "" + ServerDefaults.PORT,
            description = "The port to use on the server [${DEFAULT-VALUE}]")
    int port;

    @Mixin
    CommonOptions common;

    @Mixin
    IdentityOptions identity = new IdentityOptions();

    @Option(names = "--bind", paramLabel = "<address>",
            description = "Local address to bind and announce as PTPADDR (default: the one routing to the server;"
                    + " 0.0.0.0 binds all and announces the host's first IPv4 address)")
    String bind;

    @Option(names = "--local-port", paramLabel = "<port>", defaultValue = "0",
            description = "Local UDP port, 0 for any free one [${DEFAULT-VALUE}]")
    int localPort;

    @Option(names = "--id", paramLabel = "<hex>",
            description = "Peer id, 32 hex digits. A keyed client's id is its key's (shown at start): one that differs is"
                    + " refused. With --legacy, any id (default: a random UUID)")
    String id;

    @Option(names = "--register-every", paramLabel = "<duration>", defaultValue = ClientDefaults.REGISTER_EVERY_SECONDS + "s", converter = MillisConverter.class,
            description = "Registration period [${DEFAULT-VALUE}]")
    long registerEvery;

    @Option(names = "--probe-every", paramLabel = "<duration>", defaultValue = ClientDefaults.PROBE_EVERY_MILLIS + "ms", converter = MillisConverter.class,
            description = "Probe period, to each listed client [${DEFAULT-VALUE}]")
    long probeEvery;

    @Option(names = "--introducers", paramLabel = "<host:port[@KEY],host:port[@KEY]>",
            description = "Two ptpservers (or introducers) on different addresses: classify this host's NAT by"
                    + " the introducer design's check (ping, pong, test port) and report it in registrations. "
                    + IntroducerAddress.HELP + " A pin wins over the known introducers' file")
    String introducers;

    @Option(names = "--nat-port", paramLabel = "<port>", defaultValue = "" + PeerDefaults.LOCAL_PORT,
            description = "With --introducers: the port the NAT check pings from [${DEFAULT-VALUE}]")
    int natPort;

    @Option(names = "--nat-test-port", paramLabel = "<port>", defaultValue = "" + PeerDefaults.TEST_PORT,
            description = "With --introducers: the test port the introducers' TEST must reach [${DEFAULT-VALUE}]")
    int natTestPort;

    @Option(names = "--keepalive", paramLabel = "<duration>", defaultValue = PeerDefaults.KEEP_ALIVE_TIMEOUT + "ms",
            converter = MillisConverter.class,
            description = "With --introducers: how often the NAT check's peer pings the introducers to keep its mapping open [${DEFAULT-VALUE}]")
    long keepAlive;

    @Option(names = "--loss-timeout", paramLabel = "<duration>", defaultValue = ClientDefaults.LOSS_TIMEOUT_SECONDS + "s", converter = MillisConverter.class,
            description = "A probe unanswered this long is lost [${DEFAULT-VALUE}]")
    long lossTimeout;

    @Option(names = "--max-list-pages", paramLabel = "<n>", defaultValue = "" + ClientDefaults.MAX_LIST_PAGES,
            description = "Pages a client list may have; a list claiming more is refused, so forged pages cannot"
                    + " exhaust memory (a list keeps at most " + ClientDefaults.MAX_PEERS + " entries) [${DEFAULT-VALUE}]")
    int maxListPages;

    @Option(names = "--legacy",
            description = "Run as a ptptest 2014 client does: without keys, plain (no handshake, no sealing; the server lists"
                    + " it as legacy), registering in ptptest 2014's shape for good (no MSGKIND, no NAT type, no ptpmesh"
                    + " marker in META), even with a server that speaks ptpmesh. Without it the client runs keyed: its id"
                    + " is its key's and it reaches the server sealed")
    boolean legacy;

    @Option(names = "--no-port-mapping",
            description = "Do not ask the default gateway to forward the client's port (PCP, then NAT-PMP, then UPnP IGD). It asks"
                    + " by default, unless bound to a loopback address, which no gateway serves; a mapped client says"
                    + " so in its registrations (UPNP 1, and its mapped address, where the server lists it) and deletes"
                    + " the mapping when it leaves. " + PortMapDefaults.HELP + " " + UpnpLimits.HELP)
    boolean noPortMapping;

    @Option(names = "--summary-every", paramLabel = "<duration>", defaultValue = ClientDefaults.SUMMARY_EVERY_SECONDS + "s",
            converter = MillisConverter.class,
            description = "Without the console UI: log the server's and every peer's RTT and loss this often [${DEFAULT-VALUE}]")
    long summaryEvery;

    @Override
    public Integer call() throws Exception {
        if (port < 1 || port > 65535 || localPort < 0 || localPort > 65535) {
            throw new IllegalArgumentException("ports must be 1-65535 (--local-port may be 0)");
        }
        if (summaryEvery <= 0) {
            throw new IllegalArgumentException("--summary-every must be positive");
        }
        if (legacy && introducers != null) {
            throw new IllegalArgumentException("--legacy registers in ptptest 2014's shape, which cannot report the NAT type"
                    + " --introducers classifies: use one or the other");
        }
        IntroducerAddress serverAddress = IntroducerAddress.parse(server, "--server", port);
        Endpoint serverEndpoint = serverAddress.endpoint();
        List<IntroducerAddress> natIntroducers = introducers == null ? List.of() : IntroducerAddress.pair(introducers, "--introducers");
        Map<Endpoint, byte[]> pins = pins(serverAddress, natIntroducers);
        InetAddress local = bind != null ? Args.host(bind, "--bind") : LocalAddresses.toward(serverEndpoint);
        int chosenPort = localPort != 0 ? localPort : LocalAddresses.freeUdpPort(local);
        try (NodeSecurity keys = legacy ? null : identity.load(pins, spec.commandLine().getErr());
             NodeSession session = new NodeSession(common, "ptpclient -> " + serverEndpoint)) {
            byte[] id = peerId(keys);
            session.traceAs(PeerId.of(id).shortName());
            LogSink log = session.log();
            log.log(LogSink.Level.INFO, keys == null ? "no keys (--legacy): plain, listed as legacy"
                    : IdentityOptions.describe(keys) + "; the server " + serverEndpoint + " is reached sealed");
            int nat = 0;
            if (!common.noStun) {
                InetSocketAddress stun = common.stun != null ? StunProbe.parse(common.stun)
                        : new InetSocketAddress(serverEndpoint.address(), 3478);
                nat = StunProbe.run(local, chosenPort, stun.getAddress(), stun.getPort(), log).map(NatBehaviour::natCode).orElse(0);
            }
            ClientConfig config = ClientConfig.of(serverEndpoint, chosenPort, new Endpoint(local, chosenPort), id)
                    .withTimers(registerEvery, probeEvery, lossTimeout).withNat(nat).withLegacy(legacy).toBuilder()
                    .maxListPages(maxListPages).portMap(portMapGateway(local)).build();
            MeshClient client = new MeshClient(config, new SecureRandom());
            log.log(LogSink.Level.INFO, "ptpclient " + HexFormat.of().formatHex(config.peerId()) + " on " + config.ptpAddress()
                    + " registering with " + serverEndpoint);
            NodeSession.PlainSummary summary = new NodeSession.PlainSummary(summaryEvery, () -> ClientSummary.lines(client.snapshot()));
            // keyed, the client reaches its server sealed; the NAT check's peer (its own ports) stays plain
            Node node = client;
            BiConsumer<Long, Effects> lastWords = client::shutdown;
            if (keys != null) {
                SecureNode sealed = keys.client(client, Set.of(serverEndpoint), new StopOnRefusedKey(keys.trust(), introducer -> {
                    log.log(LogSink.Level.ERROR, "stopped: the key of " + introducer + " was refused (why, and what to do, above)");
                    session.stop(Cli.EXIT_BAD_INPUT);
                }), "ptpclient");
                node = sealed;
                lastWords = (now, out) -> client.shutdown(now, sealed.innerEffects(out, now));
            }
            if (introducers != null) {
                ClassifyingClient classifying = new ClassifyingClient(client, node, lastWords,
                        natCheck(natIntroducers, natCheckId(keys, config.peerId()), chosenPort), natPort, natTestPort);
                log.log(LogSink.Level.INFO, "NAT check from port " + natPort + " (test port " + natTestPort + ") against " + introducers);
                node = classifying;
                lastWords = classifying::shutdown;
            }
            return session.run(node, local, Set.of(chosenPort), () -> view(client.snapshot()), lastWords, summary);
        }
    }

    /** The gateway to ask for a port mapping: none with --no-port-mapping, for a loopback client, or without a default route. */
    private PortMapGateway portMapGateway(InetAddress local) {
        return noPortMapping || local.isLoopbackAddress() ? null : DefaultGateway.find().orElse(null);
    }

    /** The keys pinned on the command line: the server's (-s HOST@KEY) and the NAT check's introducers'. */
    static Map<Endpoint, byte[]> pins(IntroducerAddress server, List<IntroducerAddress> natIntroducers) {
        Map<Endpoint, byte[]> pins = new HashMap<>();
        server.pinInto(pins, "--server");
        natIntroducers.forEach(i -> i.pinInto(pins, "--introducers"));
        return pins;
    }

    /** The introducer design's peer that runs the NAT check against the two introducers of --introducers. */
    private Peer natCheck(List<IntroducerAddress> introducers, byte[] id, int clientPort) {
        Endpoint a = introducers.get(0).endpoint();
        Endpoint b = introducers.get(1).endpoint();
        if (a.address().equals(b.address())) {
            throw new IllegalArgumentException("--introducers must be on two different addresses: one address cannot tell Easy from Hard");
        }
        if (natPort == natTestPort || natPort == clientPort || natTestPort == clientPort) {
            throw new IllegalArgumentException("--nat-port, --nat-test-port and the client's port must all differ");
        }
        PeerConfig peerConfig = PeerConfig.defaults("natcheck", IntroducerLabels.of(a), IntroducerLabels.of(b))
                .withPorts(natPort, natTestPort).withKeepAlive(keepAlive);
        return new Peer(peerConfig, PeerId.of(id), System.currentTimeMillis(), new SecureRandom(), (from, payload, now) -> { });
    }

    /**
     * The id the NAT check's peer pings the introducers with, plain: the client's own id when it
     * has no keys; a random one when keyed, since a server refuses a plain datagram naming an id a
     * sealed registration bound to a key, in either of its roles (the client's first introducer is
     * its server), and the NAT check's pings would go unanswered from the client's registration on.
     */
    private static byte[] natCheckId(NodeSecurity keys, byte[] clientId) {
        return keys == null ? clientId : PeerId.random(new SecureRandom()).bytes();
    }

    /** The id of {@code keys}, which --id may only repeat; without keys (--legacy), --id or a random one. */
    private byte[] peerId(NodeSecurity keys) {
        if (keys != null) {
            return IdentityOptions.ownId(keys, id, "client").bytes();
        }
        if (id == null) {
            UUID u = UUID.randomUUID();
            return ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
        }
        return Args.peerId(id, "--id").bytes();
    }

    static StatusView view(ClientSnapshot s) {
        List<String> status = List.of(
                "server " + s.server() + (s.registered() ? "   registered as " + s.yourAddress() : "   not registered yet")
                        + (s.portMapping() == null ? "" : "   port mapped by " + s.portMapping()),
                "server RTT " + (s.serverRtt() < 0 ? "-" : s.serverRtt() + " ms") + "   lists received " + s.listsReceived()
                        + "   peers " + s.peers().size() + "   dropped " + s.dropped());
        List<List<String>> rows = new ArrayList<>();
        for (ClientSnapshot.PeerRow p : s.peers()) {
            MetricsSnapshot m = p.metrics();
            rows.add(List.of(p.address(), Nat.name(p.nat()), p.state(),
                    m.rttLast() < 0 ? "-" : String.format("%d/%.1f/%d/%d", m.rttLast(), m.rttMean(), m.rttMin(), m.rttMax()),
                    String.format("%.1f%%", 100 * m.lossRatio()), String.format("%.1f", m.jitter()),
                    m.sent() + "/" + m.received() + "/" + m.acked()));
        }
        return new StatusView(status, List.of("peer", "NAT", "state", "RTT last/mean/min/max ms", "loss", "jitter ms",
                "sent/recv/acked"), rows);
    }

    public static void main(String[] args) {
        CommandLine cl = Cli.commandLine(new PtpclientCommand());
        try {
            ConfigFile.apply(cl, args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(Cli.EXIT_USAGE);
        }
        System.exit(cl.execute(args));
    }
}
