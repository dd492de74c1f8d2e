package org.ptpmesh.conformance.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import javax.xml.stream.XMLStreamException;
import org.ptpmesh.cli.Cli;
import org.ptpmesh.cli.MillisConverter;
import org.ptpmesh.conformance.pcap.CaptureFiles;
import org.ptpmesh.conformance.pcap.CaptureValidation;
import org.ptpmesh.conformance.pcap.CaptureValidator;
import org.ptpmesh.conformance.pcap.SealKeys;
import org.ptpmesh.conformance.pcap.ValidationOptions;
import org.ptpmesh.conformance.report.JsonReport;
import org.ptpmesh.conformance.report.JunitReport;
import org.ptpmesh.conformance.report.TextReport;
import org.ptpmesh.pcap.CaptureReader;
import org.ptpmesh.peer.PeerDefaults;
import org.ptpmesh.wire.json.WireJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ptpconform pcap FILE...}: validates captured ptpmesh traffic against the wire format and the flow rules. */
@Command(name = "pcap",
        mixinStandardHelpOptions = true,
        description = {
            "Validate the ptpmesh datagrams of pcap/pcapng captures.",
            "Each datagram is checked alone (structure, checksum, size, TLV value kinds, the "
                + "TLVs its message kind requires and forbids, client-list counts) by the reference "
                + "decoder, then across the capture: every YOURTS echoes a MYTS the other side sent "
                + "earlier, paged lists are complete, PUNCH probes per attempt stay within "
                + "BDP_MAX_PACKETS, KEEPALIVE intervals stay within bounds (docs/conformance.md).",
            "ptpmesh traffic is UDP to or from --port, and (unless --no-follow) to or from an "
                + "endpoint already seen in ptpmesh traffic. A DIRECTORY stands for every capture in it.",
            "With a key log (--keylog or PTPMESH_KEYLOG), each SEALED datagram whose UUID and PEERSESSION "
                + "it has a key for is opened, and its inner datagram checked as a plain one; without a key it "
                + "is shown sealed.",
            ""},
        footer = {"", "Exit codes: 0 every datagram valid, 1 some violation, 2 usage error or unreadable capture.",
            "Examples:",
            "  ptpconform pcap session.pcapng",
            "  ptpconform pcap --keylog keys.log sealed-session.pcap",
            "  ptpconform pcap --port 23456,40000 --json report.json \\",
            "      --junit report.xml captures/"})
public final class PcapCommand implements Callable<Integer> {

    /** The environment variable a node writes its key log to, and the default of --keylog (docs/protocol.md 6.9). */
    static final String KEYLOG_VARIABLE = "PTPMESH_KEYLOG";

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Capture files (pcap or pcapng) or directories of them.")
    List<Path> files;

    @Option(names = "--port", paramLabel = "PORT", split = ",",
            description = "ptpmesh UDP ports, repeatable or comma-separated (default: 23456, 3456, 3457).")
    List<Integer> ports = new ArrayList<>();

    @Option(names = "--no-follow", description = "Take only traffic to or from --port, not from endpoints seen in it.")
    boolean noFollow;

    @Option(names = "--keepalive-min", paramLabel = "DURATION", defaultValue = ValidationOptions.KEEPALIVE_MIN_SECONDS + "s", converter = MillisConverter.class,
            description = "Least time between two KEEPALIVEs on one flow (default: ${DEFAULT-VALUE}).")
    long keepaliveMin;

    @Option(names = "--keepalive-max", paramLabel = "DURATION", defaultValue = ValidationOptions.KEEPALIVE_MAX_SECONDS + "s", converter = MillisConverter.class,
            description = "Most time between two KEEPALIVEs on one flow: KEEP_ALIVE_TIMEOUT 29 s plus 1 s (default: ${DEFAULT-VALUE}).")
    long keepaliveMax;

    @Option(names = "--max-probes", paramLabel = "N", defaultValue = "" + PeerDefaults.BDP_MAX_PACKETS,
            description = "Most PUNCH probes per sender, destination host and attempt: BDP_MAX_PACKETS (default: ${DEFAULT-VALUE}).")
    int maxProbes;

    @Option(names = "--json", paramLabel = "FILE|-", description = "Write the JSON report to FILE, or to stdout with '-' (then no text report).")
    String json;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write a JUnit XML report to FILE.")
    Path junit;

    @Option(names = "--keylog", paramLabel = "FILE",
            description = "Key log of PTPMESH_SEAL lines: open the SEALED datagrams it has keys for and check what they hold "
                    + "(default: the file PTPMESH_KEYLOG names, if set).")
    Path keylog;

    @Option(names = "--violations-only", description = "Text report: print only the datagrams that break a rule.")
    boolean violationsOnly;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where PTPMESH_KEYLOG is read: the process environment, or a test's. */
    Function<String, String> environment = System::getenv;

    @Override
    public Integer call() throws IOException, XMLStreamException {
        ValidationOptions defaults = ValidationOptions.defaults();
        ValidationOptions options = new ValidationOptions(ports.isEmpty() ? defaults.ports() : new LinkedHashSet<>(ports),
                !noFollow, keepaliveMin, keepaliveMax, maxProbes);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> captures = CaptureFiles.expand(files);
        SealKeys keys;
        try {
            keys = readKeys();
        } catch (SealKeys.BadKeyLogException | IOException e) {
            err.println("error: key log " + (e instanceof IOException ? "cannot be read: " : "refused: ") + e.getMessage());
            err.println("Give a key log of lines PTPMESH_SEAL <sender id, 32 hex> <PEERSESSION, 8 hex> <key, 64 hex>.");
            return Cli.EXIT_USAGE;
        }
        CaptureValidator validator = new CaptureValidator(options, keys);
        List<CaptureValidation> results = new ArrayList<>();
        for (Path file : captures) {
            try {
                results.add(validator.validate(file));
            } catch (CaptureReader.CaptureException e) {
                err.println("error: " + e.getMessage());
                err.println("Give pcap or pcapng files (tcpdump -w, tshark -w, dumpcap).");
                return Cli.EXIT_USAGE;
            }
        }
        if (!"-".equals(json)) {
            TextReport.write(results, violationsOnly, out);
        }
        try {
            writeReports(results, out);
        } catch (IOException e) {
            err.println("error: cannot write a report: " + e.getMessage() + " (does its directory exist?)");
            return Cli.EXIT_USAGE;
        }
        return results.stream().allMatch(CaptureValidation::valid) ? Cli.EXIT_OK : Cli.EXIT_BAD_INPUT;
    }

    /** --keylog, else the file PTPMESH_KEYLOG names, else none. */
    private SealKeys readKeys() throws IOException {
        String fromEnvironment = environment.apply(KEYLOG_VARIABLE);
        Path file = keylog != null ? keylog
                : fromEnvironment != null && !fromEnvironment.isBlank() ? Path.of(fromEnvironment) : null;
        return file == null ? SealKeys.NONE : SealKeys.read(file);
    }

    private void writeReports(List<CaptureValidation> results, PrintWriter out) throws IOException, XMLStreamException {
        if (json != null) {
            String text = WireJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(JsonReport.toJson(results));
            if ("-".equals(json)) {
                out.println(text);
                out.flush();
            } else {
                Files.writeString(Path.of(json), text + "\n", StandardCharsets.UTF_8);
            }
        }
        if (junit != null) {
            try (Writer w = Files.newBufferedWriter(junit, StandardCharsets.UTF_8)) {
                JunitReport.write(results, w);
            }
        }
    }
}
