package org.ptpmesh.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.ptpmesh.pcap.CaptureReader;
import org.ptpmesh.pcap.CapturedDatagram;
import org.ptpmesh.rendezvous.ServerDefaults;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.DecodeResult;
import org.ptpmesh.wire.json.WireJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ptpmesh wire decode}: hex lines or a capture in, one JSON object per datagram out. */
@Command(name = "decode", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Decode datagrams and print one JSON object per datagram.",
            "Input is hex, one datagram per line, on stdin (blank lines and lines starting "
                + "with # are skipped; spaces inside a line are ignored), or the UDP payloads of a "
                + "pcap/pcapng capture with --pcap.",
            "A malformed datagram prints {\"error\":CODE,\"offset\":N,\"detail\":TEXT}; a line "
                + "longer than " + InputDefaults.HEX_LINE_MAX_BYTES + " bytes prints {\"error\":\"line_too_long\",...} "
                + "and is skipped.",
            "'ptpmesh wire encode' turns the output back into the same datagrams, byte for byte.",
            ""},
        footer = {"", "Exit status: 0 all datagrams well formed, 1 some input malformed, 2 usage error.",
            "Examples:",
            "  echo 014208c0a8010a9c400360 | ptpmesh wire decode",
            "  ptpmesh wire decode --pcap capture.pcapng --port 23456",
            "docs/protocol.md, section 9, describes every field; section 10 has a datagram of each kind."})
public final class WireDecodeCommand implements Callable<Integer> {

    @Option(names = "--pcap", paramLabel = "FILE", description = "Read UDP payloads from this pcap or pcapng file instead of stdin.")
    Path pcap;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + ServerDefaults.PORT,
            description = "With --pcap: keep datagrams to or from this UDP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (port < 1 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be 1-65535, got " + port);
        }
        PrintWriter out = spec.commandLine().getOut();
        DatagramView view = new DatagramView();
        boolean malformed = false;
        if (pcap != null) {
            List<CapturedDatagram> datagrams;
            try {
                datagrams = CaptureReader.read(pcap, p -> p == port);
            } catch (CaptureReader.CaptureException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return Cli.EXIT_BAD_INPUT;
            }
            for (CapturedDatagram d : datagrams) {
                DecodeResult r = Codec.decode(view, d.payload(), 0, d.payload().length);
                ObjectNode json = WireJson.toJson(r);
                json.put("frame", d.frame());
                json.put("src", d.source().toString());
                json.put("dst", d.destination().toString());
                out.println(WireJson.line(json));
                malformed |= r instanceof DecodeResult.Malformed;
            }
            out.flush();
            return malformed ? Cli.EXIT_BAD_INPUT : Cli.EXIT_OK;
        }
        BoundedLineReader in = new BoundedLineReader(System.in, InputDefaults.HEX_LINE_MAX_BYTES);
        BoundedLineReader.Line line;
        while ((line = in.next()) != null) {
            int lineNumber = line.number();
            if (line.tooLong()) {
                out.println(WireJson.line(WireJson.MAPPER.createObjectNode().put("error", "line_too_long")
                        .put("offset", InputDefaults.HEX_LINE_MAX_BYTES).put("line", lineNumber)
                        .put("detail", "line " + lineNumber + ": " + line.problem())));
                malformed = true;
                continue;
            }
            String hex = line.text().replaceAll("\\s+", "");
            if (hex.isEmpty() || hex.startsWith("#")) {
                continue;
            }
            String hexProblem = hexProblem(hex);
            if (hexProblem != null) {
                out.println(WireJson.line(WireJson.MAPPER.createObjectNode().put("error", "invalid_hex").put("offset", firstBadHex(hex))
                        .put("line", lineNumber).put("detail", "line " + lineNumber + ": " + hexProblem)));
                malformed = true;
                continue;
            }
            byte[] bytes = HexFormat.of().parseHex(hex);
            DecodeResult r = Codec.decode(view, bytes, 0, bytes.length);
            out.println(WireJson.line(WireJson.toJson(r)));
            malformed |= r instanceof DecodeResult.Malformed;
        }
        out.flush();
        return malformed ? Cli.EXIT_BAD_INPUT : Cli.EXIT_OK;
    }

    /** Index (spaces removed) of the first character that is not a hex digit, or the length when the count is odd. */
    static int firstBadHex(String hex) {
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                return i;
            }
        }
        return hex.length();
    }

    /** Null for an even number of hex digits, else what is wrong. */
    static String hexProblem(String hex) {
        int bad = firstBadHex(hex);
        if (bad < hex.length()) {
            return "'" + hex.charAt(bad) + "' at offset " + bad + " is not a hex digit";
        }
        return hex.length() % 2 == 0 ? null : "an odd number of hex digits (" + hex.length() + "); a byte is two digits";
    }
}
