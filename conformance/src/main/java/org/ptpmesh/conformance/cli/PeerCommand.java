package org.ptpmesh.conformance.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ptpmesh.cli.Cli;
import org.ptpmesh.cli.MillisConverter;
import org.ptpmesh.conformance.interop.ReferencePeer;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.peer.Path;
import org.ptpmesh.portmap.DefaultGateway;
import org.ptpmesh.portmap.PortMapDefaults;
import org.ptpmesh.portmap.upnp.UpnpLimits;
import org.ptpmesh.portmap.PortMapGateway;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.json.WireJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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
            "With --relay-only it never punches: data goes through the first introducer's relay "
                + "(RELAY/RELAYED), and the path it waits for is the relay.",
            "It asks the default gateway to forward its port (PCP, then NAT-PMP, then UPnP IGD) unless --bind is a "
                + "loopback address, which no gateway serves, or --no-port-mapping is given; a mapped "
                + "peer is Static to the others and deletes the mapping when it exits.",
            "", PortMapDefaults.HELP, UpnpLimits.HELP, ""},
        footer = {"", "Exit codes: 0 result printed (ok or not), 2 usage error.",
            "Example:",
            "  ptpconform peer --bind 127.0.0.1:3456 --test-port 3457 \\",
            "      --introducers 127.0.0.1:23456,127.0.0.2:23456 \\",
            "      --id 000102030405060708090a0b0c0d0e0f \\",
            "      --connect 101112131415161718191a1b1c1d1e1f"})
public final class PeerCommand implements Callable<Integer> {

    private static final long LINGER_MILLIS = 1_000;

    @Option(names = "--bind", required = true, paramLabel = "HOST:PORT", description = "The peer's main UDP socket.")
    String bind;

    @Option(names = "--test-port", required = true, paramLabel = "PORT", description = "Where the introducers' TEST must arrive.")
    int testPort;

    @Option(names = "--introducers", required = true, paramLabel = "HOST:PORT,HOST:PORT",
            description = "Two introducers on different addresses; the first also introduces and relays.")
    String introducers;

    @Option(names = "--id", required = true, paramLabel = "HEX", description = "This peer's id, 32 hex digits.")
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

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Endpoint self = Endpoint.parse(bind);
        List<Endpoint> intro = Arrays.stream(introducers.split(",")).map(Endpoint::parse).toList();
        PeerId me = peerId(id, "--id");
        PeerId target = connect == null ? null : peerId(connect, "--connect");
        if (testPort < 1 || testPort > 65535 || testPort == self.port()) {
            throw new IllegalArgumentException("--test-port must be 1-65535 and differ from the --bind port, got " + testPort);
        }
        PrintWriter out = spec.commandLine().getOut();
        long deadline = System.currentTimeMillis() + timeout;
        // a loopback socket reaches no gateway: asking would only send PCP from an address it cannot answer
        PortMapGateway gateway = noPortMapping || self.address().isLoopbackAddress() ? null : DefaultGateway.find().orElse(null);
        try (ReferencePeer peer = new ReferencePeer(self, testPort, intro, me, relayOnly, gateway)) {
            NatType nat = peer.awaitNat(deadline);
            ObjectNode result = WireJson.MAPPER.createObjectNode();
            result.put("nat", name(nat));
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
            print(out, result);
        }
        return Cli.EXIT_OK;
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
