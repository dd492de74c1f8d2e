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
            "An implementation is a name the kit knows (reference: ptpmesh, bin/ptpmesh-adapter; "
                + "ptptest2014: the original ptptest 2014 under Python 2.7, bin/ptptest2014-adapter), "
                + "or NAME=COMMAND: an adapter command following the adapter contract "
                + "(docs/conformance.md). The runner starts it once per role with PTP_CASE, "
                + "PTP_ROLE, PTP_BIND, PTP_INTRODUCERS, PTP_PEER, PTP_WORKDIR, PTP_TIMEOUT...",
            "in its environment and reads a one-line JSON result; exit 127 means the case "
                + "is unsupported. Every ordered pair of --impl runs every --case on loopback "
                + "(A x B: A plays peer-a, B the introducers and peer-b), "
                + "each case's UDP recorded on lo and validated as `ptpconform pcap` does.",
            "Cases that need real NATs are reported there as 'needs lab'. With --lab "
                + "(root only) each case runs in a NAT lab of its own instead (docs/lab.md):",
            "introducers on public hosts, each peer behind the NAT kind the case needs, "
                + "adapters started with `ip netns exec`, traffic captured at each NAT. Writes "
                + "matrix.md, matrix.json and matrix.html, and per case the roles' outputs, "
                + "capture.pcap and capture-report.txt, under --out.",
            ""},
        footer = {"", "Cases: discovery, nat-classify, punch-easy, punch-birthday, relay, relay-upgrade, "
                + "keepalive-expiry, departure, transfer, transfer-loss.",
            "Exit codes: 0 no case failed, 1 some case failed, 2 usage error.",
            "Example:",
            "  ptpconform interop --impl reference,ptptest2014 \\",
            "      --case discovery,keepalive-expiry,departure",
            "  ptpconform interop --impl reference --impl mine=./my-adapter \\",
            "      --out interop/",
            "  ptpconform interop --ipv6 --case discovery,nat-classify,punch-easy,relay",
            "  sudo ptpconform interop --lab --case punch-birthday,relay-upgrade \\",
            "      --out interop-lab/"})
public final class InteropCommand implements Callable<Integer> {

    @Option(names = "--impl", paramLabel = "NAME[,NAME...]|NAME=COMMAND",
            description = "Implementations the kit knows (reference, ptptest2014), comma-separated, or one NAME=COMMAND "
                    + "(an adapter command); repeatable (default: reference).")
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

    @Option(names = "--ipv6", description = "Run on IPv6 loopback (::1) instead of 127.0.0.1; not with --lab, which is IPv4 only.")
    boolean ipv6;

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
        List<Implementation> implementations = (impls.isEmpty() ? List.of("reference") : impls).stream()
                .flatMap(text -> Implementation.parseAll(text, InteropCommand::bin).stream()).toList();
        if (implementations.stream().map(Implementation::name).distinct().count() < implementations.size()) {
            throw new IllegalArgumentException("--impl names an implementation twice: "
                    + String.join(", ", implementations.stream().map(Implementation::name).toList()));
        }
        if (lab && ipv6) {
            throw new IllegalArgumentException("--ipv6 runs on loopback only: the NAT lab is IPv4 only; leave out --lab or --ipv6");
        }
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
            outcomes = new InteropRunner(out, timeout, !noCapture, lab, ipv6, progress).run(implementations, selected);
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

    /** The checkout's bin/, where the package step writes the launchers and the known adapters. */
    private static Path bin() {
        return SpecLocator.find().map(spec -> spec.getParent().resolve("bin"))
                .orElseThrow(() -> new IllegalArgumentException("the checkout's bin/ was not found (no spec/ above the working directory "
                        + "or ptpconform.jar): run from the checkout, or pass --impl NAME=COMMAND"));
    }
}
