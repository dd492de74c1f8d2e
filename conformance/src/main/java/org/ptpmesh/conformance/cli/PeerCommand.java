package org.ptpmesh.conformance.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ptpmesh.cli.Cli;
import org.ptpmesh.cli.IdentityOptions;
import org.ptpmesh.cli.IntroducerAddress;
import org.ptpmesh.cli.MillisConverter;
import org.ptpmesh.conformance.interop.ReferencePeer;
import org.ptpmesh.identity.NodeSecurity;
import org.ptpmesh.net.DatagramTap;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.peer.Path;
import org.ptpmesh.peer.PeerDefaults;
import org.ptpmesh.portmap.DefaultGateway;
import org.ptpmesh.portmap.PortMapDefaults;
import org.ptpmesh.portmap.upnp.UpnpLimits;
import org.ptpmesh.portmap.PortMapGateway;
import org.ptpmesh.tracefile.TraceFile;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.json.WireJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ptpconform peer}: the reference peer (the introducer design's Peer), scripted for interop
 * adapters. It prints {"ready":true} once its NAT is classified, then one JSON result line.
 */
@Command(name = "peer",
        mixinStandardHelpOptions = true,
        description = {
            "Run the reference peer (the introducer design's Peer) on real UDP for one interop role.",
            "It binds --bind and --test-port, classifies its NAT against the two --introducers "
                + "and prints {\"ready\":true}. With --connect it sends a message to that peer (through "
                + "the first introducer's relay at once, directly once punching confirms a path) and "
                + "waits for the direct path; without, it waits for a message from any peer and then "
                + "for a direct path to it. Then it prints {\"ok\":..., \"nat\":..., \"path\":...} and exits.",
            "With --ipv6-introducers it is dual-stack: --bind must be [::]:PORT (one socket per port "
                + "takes both families), the IPv4 half classifies against --introducers on --bind's port and "
                + "--test-port, the IPv6 half against --ipv6-introducers on --ipv6-ports, with the same --id. "
                + "Both halves connect, and data goes on the better path: direct before relay, then the "
                + "lower RTT, IPv6 unless IPv4 is faster by more than 1 ms and 10%%. It is ready once both "
                + "halves are classified, and its result adds \"nat6\" and \"family\" (ipv4 or ipv6).",
            "With --relay-only it never punches: data goes through the first introducer's relay "
                + "(RELAY/RELAYED), and the path it waits for is the relay.",
            "It runs keyed: its id is its key's (--identity; the id and public key are written to stderr at start), it "
                + "reaches the introducers sealed, trusting the keys pinned with HOST:PORT@KEY (else the ones recorded "
                + "at first contact), and punches to a keyed peer with the key its INTRO names, so the direct path and "
                + "everything on it are sealed. --legacy runs it without keys, plain, with the id --id gives, as a "
                + "peer that has none (an introducer introduces it only to legacy peers).",
            "It asks the default gateway to forward its port (PCP, then NAT-PMP, then UPnP IGD) unless --bind is a "
                + "loopback address, which no gateway serves, or --no-port-mapping is given; a mapped "
                + "peer is Static to the others and deletes the mapping when it exits.",
            "", PortMapDefaults.HELP, UpnpLimits.HELP, ""},
        footer = {"", "Exit codes: 0 result printed (ok or not), 2 usage error.",
            "Example (keyed; the other peer's id is the one its stderr shows):",
            "  ptpconform peer --bind 127.0.0.1:3456 --test-port 3457 --identity a.key \\",
            "      --introducers 127.0.0.1:23456@KEY1,127.0.0.2:23456@KEY2 \\",
            "      --connect 101112131415161718191a1b1c1d1e1f",
            "Legacy (plain, ids chosen):",
            "  ptpconform peer --legacy --bind 127.0.0.1:3456 --test-port 3457 \\",
            "      --introducers 127.0.0.1:23456,127.0.0.2:23456 \\",
            "      --id 000102030405060708090a0b0c0d0e0f \\",
            "      --connect 101112131415161718191a1b1c1d1e1f",
            "Dual-stack:",
            "  ptpconform peer --bind [::]:3456 --test-port 3457 \\",
            "      --introducers 127.0.0.1:23456,127.0.0.2:23456 \\",
            "      --ipv6-introducers [::1]:23456,[::1]:23457 --ipv6-ports 3458,3459 \\",
            "      --legacy --id 000102030405060708090a0b0c0d0e0f"})
public final class PeerCommand implements Callable<Integer> {

    private static final long LINGER_MILLIS = 1_000;

    @Option(names = "--bind", required = true, paramLabel = "HOST:PORT", description = "The peer's main UDP socket.")
    String bind;

    @Option(names = "--test-port", required = true, paramLabel = "PORT", description = "Where the introducers' TEST must arrive.")
    int testPort;

    @Option(names = "--introducers", required = true, paramLabel = "HOST:PORT[@KEY],HOST:PORT[@KEY]",
            description = "Two introducers on different addresses; the first also introduces and relays. " + IntroducerAddress.HELP)
    String introducers;

    @Option(names = "--ipv6-introducers", paramLabel = "HOST:PORT[@KEY],HOST:PORT[@KEY]",
            description = "Two IPv6 introducers: the peer is then dual-stack, --introducers being its IPv4 ones.")
    String ipv6Introducers;

    @Mixin
    IdentityOptions identity = new IdentityOptions();

    @Option(names = "--legacy",
            description = "Run without keys: plain (no handshake, no sealing), the id --id gives; an introducer introduces and"
                    + " relays it only to legacy peers.")
    boolean legacy;

    @Option(names = "--ipv6-ports", paramLabel = "PORT,PORT",
            description = "A dual-stack peer's IPv6 main and test ports (default: the two after --test-port).")
    String ipv6Ports;

    @Option(names = "--id", paramLabel = "HEX",
            description = "This peer's id, 32 hex digits: needed with --legacy; a keyed peer's id is its key's, which --id may only repeat.")
    String id;

    @Option(names = "--connect", paramLabel = "HEX", description = "Connect to this peer id and send it a message.")
    String connect;

    @Option(names = "--relay-only", description = "Never punch: send and receive through the first introducer's relay only.")
    boolean relayOnly;

    @Option(names = "--no-port-mapping", description = "Do not ask the gateway for a port mapping.")
    boolean noPortMapping;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "20s", converter = MillisConverter.class,
            description = "How long to try (default: ${DEFAULT-VALUE}).")
    long timeout;

    @Option(names = "--keepalive", paramLabel = "DURATION", defaultValue = PeerDefaults.KEEP_ALIVE_TIMEOUT + "ms",
            converter = MillisConverter.class,
            description = "How often the peer pings its introducers and keeps its paths alive (default: ${DEFAULT-VALUE}).")
    long keepAlive;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "Write every protocol step as NDJSON to FILE, for ptpconform trace (times in Unix epoch ms).")
    java.nio.file.Path trace;

    @Option(names = "--trace-node", paramLabel = "NAME",
            description = "The process's name in the trace: each node is written as NAME/NODE (default: the --id's first 8 hex digits).")
    String traceNode;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Endpoint self = Endpoint.parse(bind);
        List<IntroducerAddress> intro = IntroducerAddress.pair(introducers, "--introducers");
        List<IntroducerAddress> intro6 = ipv6Introducers == null ? List.of() : IntroducerAddress.pair(ipv6Introducers, "--ipv6-introducers");
        if (legacy && id == null) {
            throw new IllegalArgumentException("--legacy needs --id: a peer without keys has the id it is given");
        }
        PeerId given = id == null ? null : peerId(id, "--id");
        PeerId target = connect == null ? null : peerId(connect, "--connect");
        if (testPort < 1 || testPort > 65535 || testPort == self.port()) {
            throw new IllegalArgumentException("--test-port must be 1-65535 and differ from the --bind port, got " + testPort);
        }
        long deadline = System.currentTimeMillis() + timeout;
        // a loopback socket reaches no gateway: asking would only send PCP from an address it cannot answer
        PortMapGateway gateway = noPortMapping || self.address().isLoopbackAddress() ? null : DefaultGateway.find().orElse(null);
        PrintWriter err = spec.commandLine().getErr();
        try (NodeSecurity keys = legacy ? null : identity.load(pins(intro, intro6), err)) {
            PeerId me = keys == null ? given : IdentityOptions.ownId(keys, id, "peer");
            err.println(keys == null ? "no keys (--legacy): plain, peer id " + me : IdentityOptions.describe(keys));
            err.flush();
            return run(self, endpoints(intro), endpoints(intro6), me, target, gateway, keys, deadline);
        }
    }

    private int run(Endpoint self, List<Endpoint> intro, List<Endpoint> intro6, PeerId me, PeerId target, PortMapGateway gateway,
                    NodeSecurity keys, long deadline) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (TraceFile traceFile = trace == null ? null : TraceFile.open(trace, traceNode != null ? traceNode : me.shortName(),
                e -> err.println("error: writing the trace to " + trace + " failed, trace ended: " + e.getMessage()));
             ReferencePeer peer = start(self, intro, intro6, me, new ReferencePeer.Behaviour(relayOnly, gateway, keepAlive,
                     traceFile == null ? e -> { } : traceFile, keys, DatagramTap.NONE))) {
            NatType nat = peer.awaitNat(deadline);
            ObjectNode result = WireJson.MAPPER.createObjectNode();
            result.put("nat", name(nat));
            NatType nat6 = peer.ipv6Nat();
            if (nat6 != null) {
                result.put("nat6", name(nat6));
            }
            if (nat == NatType.UNKNOWN) {
                print(out, result.put("ok", false).put("detail", "the NAT was not classified: no answer from the introducers"));
                return Cli.EXIT_OK;
            }
            out.println("{\"ready\":true}");
            out.flush();
            if (target != null) {
                Path path = peer.connectAndSend(target, "hello from " + me.shortName(), deadline);
                result.put("path", path.name().toLowerCase(Locale.ROOT));
                result.put("ok", path != Path.NONE).put("detail", "path to " + target.shortName() + " is " + path);
            } else {
                PeerId from = peer.awaitMessage(deadline);
                Path path = from == null ? Path.NONE : peer.awaitGoalPath(from, deadline);
                result.put("path", path.name().toLowerCase(Locale.ROOT));
                result.put("ok", from != null).put("detail", from == null ? "no message arrived" : "a message from " + from.shortName());
            }
            // stay a moment: the other side may still wait for this side's answers (its path, the message's ack)
            Thread.sleep(LINGER_MILLIS);
            PeerId other = target != null ? target : peer.firstSender();
            if (other != null) {
                // read after the linger: the other family's direct path may have been confirmed meanwhile
                putFamily(result, peer, other);
            }
            print(out, result);
        }
        return Cli.EXIT_OK;
    }

    private ReferencePeer start(Endpoint self, List<Endpoint> intro, List<Endpoint> intro6, PeerId me,
                                ReferencePeer.Behaviour behaviour) throws java.io.IOException {
        return intro6.isEmpty() ? new ReferencePeer(self, testPort, intro, me, behaviour)
                : ReferencePeer.dualStack(self.address(), new ReferencePeer.Half(self.port(), testPort, intro), ipv6Half(self, intro6),
                        me, behaviour);
    }

    /** The keys --introducers and --ipv6-introducers pin. */
    private static Map<Endpoint, byte[]> pins(List<IntroducerAddress> intro, List<IntroducerAddress> intro6) {
        List<IntroducerAddress> all = new ArrayList<>(intro);
        all.addAll(intro6);
        return IntroducerAddress.pins(all, "--introducers");
    }

    private static List<Endpoint> endpoints(List<IntroducerAddress> introducers) {
        return introducers.stream().map(IntroducerAddress::endpoint).toList();
    }

    /** The IPv6 half of a dual-stack peer: --ipv6-ports (or the two ports after --test-port) and --ipv6-introducers. */
    private ReferencePeer.Half ipv6Half(Endpoint self, List<Endpoint> intro6) {
        int[] ports = ipv6Ports == null ? new int[] {testPort + 1, testPort + 2}
                : Arrays.stream(ipv6Ports.split(",")).mapToInt(p -> port(p, "--ipv6-ports")).toArray();
        if (ports.length != 2 || ports[0] == ports[1]) {
            throw new IllegalArgumentException("--ipv6-ports wants two different ports, got '" + ipv6Ports + "'");
        }
        for (int p : ports) {
            if (p < 1 || p > 65535 || p == self.port() || p == testPort) {
                throw new IllegalArgumentException("--ipv6-ports must be 1-65535 and differ from the --bind port and --test-port, got "
                        + p);
            }
        }
        return new ReferencePeer.Half(ports[0], ports[1], intro6);
    }

    private static int port(String text, String option) {
        try {
            int p = Integer.parseInt(text.trim());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException(option + " wants ports 1-65535, got '" + text + "'");
    }

    private static void putFamily(ObjectNode result, ReferencePeer peer, PeerId other) throws InterruptedException {
        String family = peer.familyTo(other);
        if (family != null) {
            result.put("family", family);
        }
    }

    private static PeerId peerId(String hex, String option) {
        if (!hex.matches("[0-9a-fA-F]{32}")) {
            throw new IllegalArgumentException(option + " wants 32 hex digits, got '" + hex + "'");
        }
        return PeerId.fromHex(hex);
    }

    private static String name(NatType nat) {
        String n = nat.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    private static void print(PrintWriter out, ObjectNode result) {
        out.println(result);
        out.flush();
    }
}
