package org.ptpmesh.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.ptpmesh.lab.LabCleanup;
import org.ptpmesh.lab.LabNat;
import org.ptpmesh.lab.LabSupport;
import org.ptpmesh.lab.Matrix;
import org.ptpmesh.lab.ConnectivityMatrixReport;
import org.ptpmesh.lab.PairOptions;
import org.ptpmesh.lab.PairResult;
import org.ptpmesh.lab.TwoPeers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ptpmesh lab}: the real NAT lab (network namespaces and Linux NATs; needs root). */
@Command(name = "lab", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        header = "Real NATs in network namespaces, and peers connecting through them (root).",
        description = {
            "The real NAT lab: network namespaces joined by a routing 'internet' "
                + "namespace, Linux NATs made with nftables (easy: masquerade; hard:",
            "masquerade random,fully-random; static: no NAT), two introducers, and "
                + "peers on real UDP sockets. Needs root, iproute2 and nftables. Every "
                + "namespace is deleted when the command ends (docs/lab.md).",
            ""},
        subcommands = {LabCommand.MatrixCommand.class, LabCommand.UpCommand.class, LabCommand.DownCommand.class})
public final class LabCommand implements Runnable {

    /** --legacy on the commands that start peers: keyed peers are the default (docs/lab.md, "Keys"). */
    static final String LEGACY_HELP = "Run the peers without keys: plain, as ptptest 2014's, so a capture shows their PUNCH,"
            + " RELAY and DATA (keyed peers, the default, punch with IK and seal them).";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Refuses to start where the lab cannot run, with the reason. */
    static Optional<Integer> refuseIfUnavailable(CommandSpec spec) {
        Optional<String> reason = LabSupport.unavailableReason();
        reason.ifPresent(r -> spec.commandLine().getErr().println("error: " + r));
        return reason.map(r -> Cli.EXIT_USAGE);
    }

    @Command(name = "matrix", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        header = "Connect every NAT kind to every NAT kind and print the matrix.",
            description = {
                "Connect a peer behind every NAT kind to a peer behind every NAT kind, "
                    + "each pair in a fresh lab, and print the connectivity matrix: result "
                    + "(direct, relayed, failed), time to connect and punches or birthday "
                    + "probes, as markdown or JSON. Progress goes to stderr, a line a pair.",
                ""},
            footer = {"", "Examples:", "  ptpmesh lab matrix", "  ptpmesh lab matrix --kinds easy,hard --json",
                "  ptpmesh lab matrix --no-openers --captures /tmp/lab", "  ptpmesh lab matrix --kinds easy,fw6,dual"})
    static final class MatrixCommand implements Callable<Integer> {

        @Option(names = "--kinds", split = ",", paramLabel = "KIND",
                description = "NAT kinds to pair: static, easy, hard, easy+map, hard+map, fw6, dual (default: static, easy, hard). "
                        + "A +map NAT runs miniupnpd (PCP and NAT-PMP), so its peer maps its port and is Static. "
                        + "fw6 is an IPv6 router: global addresses behind a stateful firewall, no IPv4; dual is an Easy NAT "
                        + "for IPv4 and that firewall for IPv6. A peer behind dual is dual-stack (data on the better path, "
                        + "IPv6 on a tie), one behind fw6 works on IPv6, the others on IPv4; a result names its data's family.")
        List<String> kinds = new ArrayList<>(List.of("static", "easy", "hard"));

        @Option(names = "--json", description = "Print the matrix as JSON instead of markdown.")
        boolean json;

        @Option(names = "--legacy", description = LEGACY_HELP)
        boolean legacy;

        @Option(names = "--no-openers", description = "Send the packets that only open a peer's own NAT with a normal TTL "
                + "(shows why low-TTL openers exist: the birthday pairs then fail).")
        boolean noOpeners;

        @Option(names = "--loss", paramLabel = "PERCENT", defaultValue = "0",
                description = "Random UDP loss on the internet router, 0-100 (default: ${DEFAULT-VALUE}).")
        int loss;

        @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
                description = "Labs run at once (default: ${DEFAULT-VALUE}; timings are cleanest one at a time).")
        int parallel;

        @Option(names = "--captures", paramLabel = "DIR",
                description = "Write pcap captures of every NAT's WAN and LAN side, per pair, under DIR.")
        Path captures;

        @Option(names = "--traces", paramLabel = "DIR",
                description = "Write every protocol step of each pair's peers and introducers under DIR/PAIR/, one NDJSON file per "
                        + "host (a.ndjson, b.ndjson, ia.ndjson, ib.ndjson), for ptpconform trace DIR/PAIR/*.ndjson.")
        Path traces;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            List<LabNat> parsed = kinds.stream().map(LabNat::parse).distinct().toList();
            if (loss < 0 || loss > 100) {
                throw new IllegalArgumentException("--loss must be 0-100, got " + loss);
            }
            if (parallel < 1) {
                throw new IllegalArgumentException("--parallel must be at least 1, got " + parallel);
            }
            Optional<Integer> refused = refuseIfUnavailable(spec);
            if (refused.isPresent()) {
                return refused.get();
            }
            PairOptions options = PairOptions.defaults().withLoss(loss).withCaptures(captures).withTraces(traces);
            if (noOpeners) {
                options = options.withoutOpeners();
            }
            if (legacy) {
                options = options.withLegacyPeers();
            }
            PrintWriter err = spec.commandLine().getErr();
            int total = parsed.size() * parsed.size();
            AtomicInteger done = new AtomicInteger();
            List<PairResult> results = Matrix.run(parsed, options, parallel, r -> {
                synchronized (err) {
                    err.println("lab: " + r + " (" + done.incrementAndGet() + "/" + total + ")");
                    err.flush();
                }
            });
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? ConnectivityMatrixReport.json(results) + "\n" : ConnectivityMatrixReport.markdown(results));
            out.flush();
            return Cli.EXIT_OK;
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        header = "Build a lab with two connected peers and keep it running.",
            description = {
                "Build a lab with two introducers and two peers (behind their own NATs, "
                    + "or one shared one), let the peers classify their NATs and connect, "
                    + "print what runs in which namespace, and keep it running until Ctrl-C "
                    + "(or --exit-after), so you can look inside: ip netns exec NAMESPACE "
                    + "tshark -i wan, nft list ruleset, cat /proc/net/nf_conntrack.",
                "Everything is deleted on exit.",
                ""},
            footer = {"", "Examples:", "  ptpmesh lab up --a easy --b hard", "  ptpmesh lab up --a hard --same-nat --loss 5"})
    static final class UpCommand implements Callable<Integer> {

        @Option(names = "--a", paramLabel = "KIND", defaultValue = "easy",
                description = "NAT kind of peer a: static, easy, hard, easy+map, hard+map, fw6 or dual (default: ${DEFAULT-VALUE}).")
        String kindA;

        @Option(names = "--b", paramLabel = "KIND", defaultValue = "hard",
                description = "NAT kind of peer b (default: ${DEFAULT-VALUE}); ignored with --same-nat.")
        String kindB;

        @Option(names = "--same-nat", description = "Put both peers behind one NAT of kind --a.")
        boolean sameNat;

        @Option(names = "--legacy", description = LEGACY_HELP)
        boolean legacy;

        @Option(names = "--loss", paramLabel = "PERCENT", defaultValue = "0",
                description = "Random UDP loss on the internet router, 0-100 (default: ${DEFAULT-VALUE}).")
        int loss;

        @Option(names = "--exit-after", paramLabel = "<duration>", converter = MillisConverter.class,
                description = "Tear down after this long instead of waiting for Ctrl-C (e.g. 30s).")
        Long exitAfter;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            LabNat a = LabNat.parse(kindA);
            LabNat b = LabNat.parse(kindB);
            if (sameNat && a == LabNat.STATIC) {
                throw new IllegalArgumentException("--same-nat needs a NAT: --a easy or --a hard");
            }
            if (loss < 0 || loss > 100) {
                throw new IllegalArgumentException("--loss must be 0-100, got " + loss);
            }
            Optional<Integer> refused = refuseIfUnavailable(spec);
            if (refused.isPresent()) {
                return refused.get();
            }
            PrintWriter out = spec.commandLine().getOut();
            PairOptions options = PairOptions.defaults().withLoss(loss);
            if (legacy) {
                options = options.withLegacyPeers();
            }
            try (TwoPeers pair = sameNat ? TwoPeers.behindOneNat(a, options) : TwoPeers.start(a, b, options)) {
                pair.awaitClassified(10_000);
                out.println("lab: " + pair.connect());
                pair.describe().forEach(out::println);
                out.println(exitAfter == null ? "running; Ctrl-C tears it down" : "running for " + exitAfter + " ms");
                out.flush();
                Thread.sleep(exitAfter == null ? Long.MAX_VALUE : exitAfter);
            }
            return Cli.EXIT_OK;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        header = "Delete lab namespaces that dead runs left behind.",
            description = {"Delete lab namespaces left behind by runs whose process is gone (a "
                + "killed test run, say). Every lab deletes its own when it ends, so this "
                + "is rarely needed.", ""})
    static final class DownCommand implements Callable<Integer> {

        @Option(names = "--all", description = "Also delete the namespaces of labs still running.")
        boolean all;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Optional<Integer> refused = refuseIfUnavailable(spec);
            if (refused.isPresent()) {
                return refused.get();
            }
            List<String> removed = all ? LabCleanup.removeAll() : LabCleanup.removeStale();
            spec.commandLine().getOut().println(removed.isEmpty() ? "no lab namespaces to delete"
                    : "deleted " + removed.size() + " lab namespaces: " + String.join(" ", removed));
            return Cli.EXIT_OK;
        }
    }
}
