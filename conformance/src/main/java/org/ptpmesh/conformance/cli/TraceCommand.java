package org.ptpmesh.conformance.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ptpmesh.cli.Cli;
import org.ptpmesh.cli.InputDefaults;
import org.ptpmesh.conformance.trace.ConnectMapping;
import org.ptpmesh.conformance.trace.KeepaliveMapping;
import org.ptpmesh.conformance.trace.NatCheckMapping;
import org.ptpmesh.conformance.trace.RendezvousMapping;
import org.ptpmesh.conformance.trace.TraceLog;
import org.ptpmesh.conformance.trace.TraceMapping;
import org.ptpmesh.conformance.trace.TraceMerge;
import org.ptpmesh.conformance.trace.TraceReport;
import org.ptpmesh.conformance.trace.TraceValidator;
import org.ptpmesh.conformance.trace.TraceVerdict;
import org.ptpmesh.conformance.trace.TransferMapping;
import org.ptpmesh.peer.PeerDefaults;
import org.ptpmesh.rendezvous.ServerConfig;
import org.ptpmesh.rendezvous.ServerDefaults;
import org.ptpmesh.transfer.TransferDefaults;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ptpconform trace FILE.ndjson...}: replays an implementation's traces through TLC. */
@Command(name = "trace",
        mixinStandardHelpOptions = true,
        description = {
            "Replay an NDJSON trace (from ptpmesh sim --trace, or from your implementation) "
                + "through TLC against the TLA+ models, one node (or connecting pair) at a time, and "
                + "report whether the model can produce its events, or the first event it cannot, in context.",
            "Mappings: keepalive (spec/Keepalive.tla: keepalive ticks, retries, pongs and "
                + "states of the node's introducers), nat-check (spec/NatTraversal.tla: the NAT "
                + "check up to the classification), connect (spec/NatTraversal.tla after the NAT "
                + "check: both peers of a pair and the introducer as one behaviour, with the messages the "
                + "first to ask sends the other, each delivered once and in order; a trace the model "
                + "follows only once a timing assumption is dropped is reported as TIMING ASSUMPTION "
                + "BROKEN), rendezvous (spec/Rendezvous.tla: a rendezvous server and all its clients as "
                + "one behaviour, named after the server: registrations, publications, purges, shutdowns "
                + "and every page of every list, with the registry's and each client's list's size) and "
                + "transfer (spec/BulkTransfer.tla: each transfer's sender and receiver as one behaviour, "
                + "from ptpmesh send/receive --trace or the simulator). "
                + "docs/trace-validation.md says what each replays.",
            "The trace is UTF-8, one event a line of at most " + InputDefaults.TRACE_LINE_MAX_BYTES
                + " bytes; a line that is not is refused with its number.",
            "Several files (ptpserver, ptpclient and ptpconform peer --trace, one per process) are merged "
                + "into one behaviour by time, each file's order kept, the file given first first at equal "
                + "times. Their times must be Unix epoch ms of one machine's clock, and each node must be in "
                + "one file only: a simulator's trace (time from 0) is replayed alone.",
            ""},
        footer = {"", "Exit codes: 0 every replay matched, 1 one did not (or broke a timing assumption, or TLC "
                + "failed), 2 usage error.",
            "Examples:",
            "  ptpmesh sim --trace run.ndjson && ptpconform trace run.ndjson",
            "  ptpconform trace server.ndjson client1.ndjson client2.ndjson"})
public final class TraceCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The NDJSON trace, or one per process of one run.")
    List<Path> files;

    @Option(names = "--mapping", paramLabel = "NAME", split = ",",
            description = "keepalive, nat-check, connect, rendezvous, transfer, or several (default: all five).")
    List<String> mappings = new ArrayList<>(List.of("keepalive", "nat-check", "connect", "rendezvous", "transfer"));

    @Option(names = "--node", paramLabel = "NAME", description = "Replay only this node (repeatable; default: all).")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--tick-ms", defaultValue = "1000",
            description = "Length of a model tick, in ms (default: ${DEFAULT-VALUE}).")
    long tickMillis;

    @Option(names = "--keepalive-ms", description = "The peers' keepalive period (default: the introducer design's 29000).")
    long keepAliveMillis = PeerDefaults.KEEP_ALIVE_TIMEOUT;

    @Option(names = "--keepalive-retry-ms", defaultValue = "" + PeerDefaults.KEEP_ALIVE_RETRY_MILLIS,
            description = "The peers' keepalive retry interval (default: ${DEFAULT-VALUE}).")
    long retryMillis;

    @Option(names = "--keepalive-retries", defaultValue = "" + PeerDefaults.KEEP_ALIVE_RETRIES,
            description = "Keepalive retries the peers send at most between two keepalives (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--max-loss", defaultValue = "2",
            description = "Pings an answering introducer may lose in a row (default: ${DEFAULT-VALUE}).")
    int maxLoss;

    @Option(names = "--transfer-max-window", defaultValue = "" + TransferDefaults.MAX_WINDOW,
            description = "The receivers' largest window, in blocks (default: ${DEFAULT-VALUE}).")
    int maxWindow;

    @Option(names = "--transfer-idle-ms", defaultValue = "" + TransferDefaults.IDLE_SECONDS * 1000,
            description = "The senders' idle timeout (ptpmesh send --idle-timeout; default: ${DEFAULT-VALUE}).")
    long idleMillis;

    @Option(names = "--transfer-idle-tick-ms", defaultValue = "" + TransferDefaults.IDLE_TICK_MILLIS,
            description = "The senders' idle tick; the timeout must be a whole number of ticks, at least two "
                    + "(default: ${DEFAULT-VALUE}).")
    long idleTickMillis;

    @Option(names = "--connect-max-loss", defaultValue = "4",
            description = "Packets the network may have lost while a pair connected (connect mapping; default: ${DEFAULT-VALUE}).")
    int connectMaxLoss;

    @Option(names = "--connect-birthday",
            description = "Replay pairs that used the birthday strategy too (connect mapping; up to a minute of TLC each).")
    boolean birthday;

    @Option(names = "--conntrack",
            description = "The peers' NATs behave like Linux conntrack (connect mapping).")
    boolean conntrack;

    @Option(names = "--purge-ms", defaultValue = "" + ServerDefaults.PURGE_AFTER_SECONDS * 1_000,
            description = "The rendezvous server's purge window, in ms (ptpserver --purge-after; default: ${DEFAULT-VALUE}).")
    long purgeMillis;

    @Option(names = "--context", defaultValue = "4",
            description = "Events shown before and after an unmatched one (default: ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--parallel", defaultValue = "2",
            description = "Replays run side by side (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--json", description = "Print the verdicts as JSON.")
    boolean json;

    @CommandLine.Mixin
    SpecOptions location;

    @Option(names = "--timeout", defaultValue = "600", paramLabel = "SECONDS",
            description = "Give up on one node's replay after this long (default: ${DEFAULT-VALUE}).")
    long timeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<TraceLog> logs = new ArrayList<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(file + " is not a file: pass an NDJSON trace (ptpmesh sim --trace FILE)");
            }
            logs.add(TraceLog.read(file));
        }
        TraceLog log = TraceMerge.merge(logs);
        Path dir = location.specDir();
        Path work = location.workDir("trace");
        TraceValidator validator = new TraceValidator(dir, work, timeout);
        PrintWriter out = spec.commandLine().getOut();
        List<TraceVerdict> verdicts = validator.validateAll(log, selectedMappings(),
                node -> nodes.isEmpty() || nodes.contains(node), parallel, v -> {
                    if (!json) {
                        out.println(TraceReport.summary(v));
                        TraceReport.context(log, v, context).forEach(line -> out.println("    " + line));
                        if (!v.matched()) {
                            out.println("    generated module and TLC output: " + validator.runDir(v.mapping(), v.node()));
                        }
                        out.flush();
                    }
                });
        if (verdicts.isEmpty()) {
            throw new IllegalArgumentException(log.name() + " holds no events these mappings replay"
                    + (nodes.isEmpty() ? "" : " for nodes " + nodes) + ": is it a trace of ptpmesh peers or transfers?");
        }
        long failed = verdicts.stream().filter(v -> !v.matched()).count();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(verdicts));
        } else {
            out.printf("%d replay(s): %d matched, %d not%n", verdicts.size(), verdicts.size() - failed, failed);
        }
        return failed == 0 ? Cli.EXIT_OK : Cli.EXIT_BAD_INPUT;
    }

    private List<TraceMapping> selectedMappings() {
        List<TraceMapping> chosen = new ArrayList<>();
        for (String name : mappings) {
            switch (name) {
                case "keepalive" -> chosen.add(new KeepaliveMapping(tickMillis, keepAliveMillis, retryMillis, retries, maxLoss));
                case "nat-check" -> chosen.add(new NatCheckMapping());
                case "connect" -> chosen.add(new ConnectMapping(conntrack, connectMaxLoss, birthday));
                case "rendezvous" -> chosen.add(new RendezvousMapping(purgeMillis,
                        ServerConfig.defaults().toBuilder().purgeAfter(purgeMillis).build().purgeCheckEvery()));
                case "transfer" -> chosen.add(new TransferMapping(maxWindow, idleMillis, idleTickMillis));
                default -> throw new IllegalArgumentException("unknown mapping '" + name
                        + "': use keepalive, nat-check, connect, rendezvous or transfer");
            }
        }
        return chosen;
    }
}
