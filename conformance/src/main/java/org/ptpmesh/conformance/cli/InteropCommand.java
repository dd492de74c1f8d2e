package org.ptpmesh.conformance.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ptpmesh.cli.Cli;
import org.ptpmesh.conformance.interop.CaseOutcome;
import org.ptpmesh.conformance.interop.Implementation;
import org.ptpmesh.conformance.interop.InteropCase;
import org.ptpmesh.conformance.interop.InteropRunner;
import org.ptpmesh.conformance.interop.InteropVerdict;
import org.ptpmesh.conformance.report.InteropMatrixReport;
import org.ptpmesh.conformance.tla.SpecLocator;
import org.ptpmesh.lab.LabException;
import org.ptpmesh.lab.LabSupport;
import org.ptpmesh.wire.json.WireJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ptpconform interop}: named cases between implementations driven through adapters, on loopback or in the NAT lab. */
@Command(name = "interop",
        mixinStandardHelpOptions = true,
        description = {
            "Run interop cases between implementations, through their adapters.",
            "An implementation is an adapter command following the adapter contract "
                + "(docs/conformance.md): the runner starts it once per role with PTP_CASE, "
                + "PTP_ROLE, PTP_BIND, PTP_INTRODUCERS, PTP_PEER, PTP_WORKDIR, PTP_TIMEOUT...",
            "in its environment and reads a one-line JSON result; exit 127 means the case "
                + "is unsupported. Every ordered pair of --impl runs every --case on loopback, "
                + "each case's UDP recorded on lo and validated as `ptpconform pcap` does.",
            "Cases that need real NATs are reported there as 'needs lab'. With --lab "
                + "(root only) each case runs in a NAT lab of its own instead (docs/lab.md):",
            "introducers on public hosts, each peer behind the NAT kind the case needs, "
                + "adapters started with `ip netns exec`, traffic captured at each NAT. Writes "
                + "matrix.md, matrix.json and matrix.html, and per case the roles' outputs, "
                + "capture.pcap and capture-report.txt, under --out.",
            ""},
        footer = {"", "Cases: discovery, nat-classify, punch-easy, punch-birthday, relay, relay-upgrade, "
                + "keepalive-expiry, transfer, transfer-loss.",
            "Exit codes: 0 no case failed, 1 some case failed, 2 usage error.",
            "Example:",
            "  ptpconform interop --impl ref=bin/ptpmesh-adapter --impl mine=./my-adapter \\",
            "      --out interop/",
            "  sudo ptpconform interop --lab --case punch-birthday,relay-upgrade \\",
            "      --out interop-lab/"})
public final class InteropCommand implements Callable<Integer> {

    @Option(names = "--impl", paramLabel = "NAME=COMMAND",
            description = "An implementation and its adapter command; repeatable (default: ref=bin/ptpmesh-adapter).")
    List<String> impls = new ArrayList<>();

    @Option(names = "--case", paramLabel = "CASE", split = ",", description = "Cases to run, repeatable or comma-separated (default: all).")
    List<String> cases = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "interop-results",
            description = "Where the matrix and the per-case outputs go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "20",
            description = "PTP_TIMEOUT: seconds each role has (default: ${DEFAULT-VALUE}).")
    int timeout;

    @Option(names = "--lab", description = "Run every case in a NAT lab of network namespaces (needs root, iproute2, nftables).")
    boolean lab;

    @Option(names = "--no-capture", description = "Do not record or validate the traffic (live capture needs root or CAP_NET_RAW).")
    boolean noCapture;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (timeout < 1 || timeout > 3600) {
            throw new IllegalArgumentException("--timeout must be 1-3600 seconds, got " + timeout);
        }
        // Cases first: a mistyped case name is reported even where the adapter is missing.
        List<InteropCase> selected = cases.isEmpty() ? Arrays.asList(InteropCase.values()) : cases.stream().map(InteropCase::byName).toList();
        List<Implementation> implementations = impls.isEmpty() ? List.of(reference()) : impls.stream().map(Implementation::parse).toList();
        if (lab) {
            Optional<String> why = LabSupport.unavailableReason();
            if (why.isPresent()) {
                spec.commandLine().getErr().println("error: --lab cannot run here: " + why.get()
                        + "; run as root on Linux with iproute2 and nftables, or leave out --lab to run on loopback");
                return Cli.EXIT_USAGE;
            }
        }
        PrintWriter progress = spec.commandLine().getOut();
        Files.createDirectories(out);
        List<CaseOutcome> outcomes;
        try {
            outcomes = new InteropRunner(out, timeout, !noCapture, lab, progress).run(implementations, selected);
        } catch (IllegalStateException | LabException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return Cli.EXIT_USAGE;
        }
        Files.writeString(out.resolve("matrix.md"), InteropMatrixReport.markdown(outcomes), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("matrix.json"),
                WireJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(InteropMatrixReport.json(outcomes)) + "\n", StandardCharsets.UTF_8);
        Files.writeString(out.resolve("matrix.html"), InteropMatrixReport.html(outcomes), StandardCharsets.UTF_8);
        progress.println("matrix written to " + out.resolve("matrix.md") + ", matrix.json and matrix.html");
        progress.flush();
        return outcomes.stream().anyMatch(o -> o.verdict() == InteropVerdict.FAIL) ? Cli.EXIT_BAD_INPUT : Cli.EXIT_OK;
    }

    /** The reference adapter next to the launchers (bin/ptpmesh-adapter, written by the package step). */
    private static Implementation reference() {
        Path adapter = SpecLocator.find().map(spec -> spec.getParent().resolve("bin/ptpmesh-adapter"))
                .filter(Files::isExecutable)
                .orElseThrow(() -> new IllegalArgumentException(
                        "no --impl given and bin/ptpmesh-adapter not found: build with mvn -DskipTests package, or pass --impl NAME=COMMAND"));
        return new Implementation("ref", adapter.toString());
    }
}
