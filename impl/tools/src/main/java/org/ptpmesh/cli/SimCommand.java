package org.ptpmesh.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ptpmesh.nat.BirthdayOdds;
import org.ptpmesh.peer.PeerDefaults;
import org.ptpmesh.scenario.BirthdayExperiment;
import org.ptpmesh.scenario.NatKind;
import org.ptpmesh.scenario.Scenario;
import org.ptpmesh.scenario.ScenarioRunner;
import org.ptpmesh.trace.NdjsonTraceWriter;
import org.ptpmesh.wire.json.WireJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ptpmesh sim}: runs a scenario on the deterministic NAT simulator. */
@Command(name = "sim", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        header = "Simulate peers, introducers and NATs; report NAT checks and connections.",
        description = {
            "Run peers, two introducers and NATs on the deterministic network simulator (virtual time, seeded "
                + "randomness: the same seed gives the same run) and report each peer's NAT as classified against "
                + "the real one, and each pair's connection: direct or relayed, time to connect, birthday probes, RTT.",
            "",
            "Scenarios: mesh (default: one peer behind every NAT kind but the last two plus two behind one Linux "
                + "NAT, every pair connected), swarm (--peers N behind the NATs without port mapping, each connecting "
                + "to --per-peer others), or your own with --peer and --connect.",
            "NAT kinds: none, one-to-one, full-cone, address-restricted, easy, hard, linux-easy, linux-hard "
                + "(Linux masquerade, with conntrack), easy+map, hard+map (linux-easy and linux-hard whose router grants "
                + "PCP and NAT-PMP port mappings: the peer maps its port and is Static, so no birthday probes), "
                + "hard+map-refused (the router refuses) and hard+map-silent (the router does not answer): the peer "
                + "stays Hard.",
            ""},
        subcommands = {SimCommand.SimBirthdayCommand.class},
        footer = {"", "Examples:",
            "  ptpmesh sim",
            "  ptpmesh sim swarm --peers 100 --duration 10m --loss 0.01 --json",
            "  ptpmesh sim --peer a=linux-easy --peer b=linux-hard --peer c=easy@a \\",
            "      --connect all --trace run.ndjson",
            "  ptpmesh sim --peer a=hard+map --peer b=linux-hard --connect a:b",
            "  ptpmesh sim birthday --runs 1000 --seed 1"})
public final class SimCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO", defaultValue = "mesh",
            description = "mesh or swarm (ignored when --peer is given). Default: ${DEFAULT-VALUE}.")
    String scenarioName;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of the run (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--loss", defaultValue = "0", paramLabel = "P",
            description = "Random loss on every uplink, 0 to <1 (default: ${DEFAULT-VALUE}).")
    double loss;

    @Option(names = "--duration", defaultValue = "2m", paramLabel = "TIME",
            description = "Simulated time to run, e.g. 90s, 10m (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--peers", defaultValue = "100", paramLabel = "N", description = "swarm: number of peers (default: ${DEFAULT-VALUE}).")
    int swarmPeers;

    @Option(names = "--per-peer", defaultValue = "3", paramLabel = "K",
            description = "swarm: connect requests per peer (default: ${DEFAULT-VALUE}).")
    int perPeer;

    @Option(names = "--peer", paramLabel = "NAME=KIND[@NEIGHBOUR]",
            description = "A peer behind its own NAT of KIND, or behind NEIGHBOUR's NAT. Repeatable.")
    List<String> peerSpecs = new ArrayList<>();

    @Option(names = "--connect", paramLabel = "FROM:TO|all", description = "A pair to connect, or all pairs. Repeatable.")
    List<String> connectSpecs = new ArrayList<>();

    @Option(names = "--trace", paramLabel = "FILE", description = "Write every protocol step as NDJSON to FILE.")
    Path trace;

    @Option(names = "--json", description = "Print the report as JSON instead of tables.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Scenario scenario = scenario();
        PrintWriter out = spec.commandLine().getOut();
        ScenarioRunner.Report report;
        if (trace != null) {
            try (NdjsonTraceWriter writer = NdjsonTraceWriter.to(trace)) {
                report = ScenarioRunner.run(scenario, writer);
            }
        } else {
            report = ScenarioRunner.run(scenario, null);
        }
        if (json) {
            out.println(WireJson.MAPPER.copy().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).writeValueAsString(report));
        } else {
            SimReportPrinter.print(report, out);
        }
        out.flush();
        return Cli.EXIT_OK;
    }

    private Scenario scenario() {
        long millis = Durations.parseMillis(duration);
        if (!peerSpecs.isEmpty()) {
            return custom(millis);
        }
        if (!connectSpecs.isEmpty()) {
            throw new IllegalArgumentException("--connect needs peers given with --peer");
        }
        switch (scenarioName) {
            case "mesh":
                return Scenario.mesh(seed, loss, millis);
            case "swarm":
                if (swarmPeers < 2 || perPeer < 1) {
                    throw new IllegalArgumentException("swarm needs --peers >= 2 and --per-peer >= 1");
                }
                return Scenario.swarm(swarmPeers, perPeer, seed, loss, millis);
            default:
                throw new IllegalArgumentException("unknown scenario '" + scenarioName + "': use mesh or swarm, or give --peer");
        }
    }

    private Scenario custom(long millis) {
        List<Scenario.PeerSpec> peers = new ArrayList<>();
        for (String text : peerSpecs) {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--peer wants NAME=KIND or NAME=KIND@NEIGHBOUR, got '" + text + "'");
            }
            String name = text.substring(0, eq);
            String rest = text.substring(eq + 1);
            String behind = null;
            int at = rest.indexOf('@');
            if (at >= 0) {
                behind = rest.substring(at + 1);
                rest = rest.substring(0, at);
                String neighbour = behind;
                if (peers.stream().noneMatch(p -> p.name().equals(neighbour))) {
                    throw new IllegalArgumentException("--peer " + text + ": no earlier peer named '" + behind + "'");
                }
            }
            NatKind kind = NatKind.parse(rest);
            if (behind != null) {
                String neighbour = behind;
                kind = peers.stream().filter(p -> p.name().equals(neighbour)).findFirst().orElseThrow().nat();
                if (kind == NatKind.NONE) {
                    throw new IllegalArgumentException("--peer " + text + ": '" + behind + "' is public, not behind a NAT");
                }
            }
            peers.add(new Scenario.PeerSpec(name, kind, behind));
        }
        List<Scenario.Pair> pairs = new ArrayList<>();
        for (String c : connectSpecs) {
            if (c.equals("all")) {
                pairs.addAll(Scenario.allPairs(peers));
                continue;
            }
            String[] ends = c.split(":");
            if (ends.length != 2 || peers.stream().noneMatch(p -> p.name().equals(ends[0]))
                    || peers.stream().noneMatch(p -> p.name().equals(ends[1]))) {
                throw new IllegalArgumentException("--connect wants FROM:TO naming two --peer names, or all; got '" + c + "'");
            }
            pairs.add(new Scenario.Pair(ends[0], ends[1]));
        }
        return new Scenario("custom", peers, pairs, loss, seed, millis);
    }

    /** {@code ptpmesh sim birthday}: the birthday strategy measured against its analytic odds. */
    @Command(name = "birthday", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        header = "Repeat the birthday strategy and compare with the analytic odds.",
            description = {"Repeat the birthday strategy between a Linux Easy NAT and a Linux Hard NAT (low-TTL openers "
                + "on) and print, as JSON, the success rate and mean probes beside the analytic odds: "
                + "analytic_success_rate is 1-(1-ports/64512)^max, the 64512 ports from 1024 up being those the "
                + "NATs map to and the Easy side probes; analytic_success_rate_all_ports is the introducer design's "
                + "1-(1-ports/65536)^max. Progress goes to stderr on a terminal.", ""})
    static final class SimBirthdayCommand implements Callable<Integer> {

        @Option(names = "--runs", defaultValue = "1000", paramLabel = "N", description = "Runs (default: ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of the first run; run i uses seed+i (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--ports", defaultValue = "" + PeerDefaults.BIRTHDAY_PORTS, paramLabel = "N", description = "Ports the Hard side opens (default: ${DEFAULT-VALUE}).")
        int ports;

        @Option(names = "--max", defaultValue = "" + PeerDefaults.BDP_MAX_PACKETS, paramLabel = "N", description = "BDP_MAX_PACKETS, probes before giving up (default: ${DEFAULT-VALUE}).")
        int max;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (runs < 1 || ports < 1 || ports > 4096 || max < 1) {
                throw new IllegalArgumentException("--runs and --max must be positive, --ports 1-4096");
            }
            PrintWriter err = spec.commandLine().getErr();
            boolean terminal = System.console() != null;
            BirthdayExperiment.Result r = BirthdayExperiment.run(runs, seed, ports, max, done -> {
                if (terminal && (done % 10 == 0 || done == runs)) {
                    err.print("\rbirthday: " + done + " of " + runs + " runs" + (done == runs ? "\n" : ""));
                    err.flush();
                }
            });
            var o = WireJson.MAPPER.createObjectNode();
            o.put("runs", r.runs()).put("seed", r.seed()).put("open_ports", r.openPorts()).put("max_probes", r.maxProbes());
            o.put("success_rate", r.successRate()).put("analytic_success_rate", r.analyticSuccess());
            o.put("analytic_success_rate_all_ports", BirthdayOdds.successWithinAllPorts(r.maxProbes(), r.openPorts()));
            o.put("mean_probes", r.meanProbes()).put("analytic_mean_probes", r.analyticMeanProbes());
            o.put("mean_probes_successful", r.meanProbesSuccessful());
            o.put("unbounded_mean_probes", BirthdayOdds.expectedProbes(r.openPorts()));
            o.put("wall_ms", r.wallMillis());
            spec.commandLine().getOut().println(o);
            spec.commandLine().getOut().flush();
            return Cli.EXIT_OK;
        }
    }
}
