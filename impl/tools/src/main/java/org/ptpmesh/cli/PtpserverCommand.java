package org.ptpmesh.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.ptpmesh.analytics.AnalyticsRecorder;
import org.ptpmesh.analytics.AnalyticsDefaults;
import org.ptpmesh.analytics.AnalyticsStore;
import org.ptpmesh.analytics.Retention;
import org.ptpmesh.identity.NodeSecurity;
import org.ptpmesh.introducer.Introducer;
import org.ptpmesh.introducer.IntroducerConfig;
import org.ptpmesh.introducer.IntroducerDefaults;
import org.ptpmesh.net.AddressFamily;
import org.ptpmesh.net.LocalAddresses;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.rendezvous.ServerConfig;
import org.ptpmesh.rendezvous.ServerDefaults;
import org.ptpmesh.rendezvous.ServerSnapshot;
import org.ptpmesh.compose.ServerNode;
import org.ptpmesh.ui.LogSink;
import org.ptpmesh.ui.StatusView;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.web.CountingNode;
import org.ptpmesh.web.Dashboard;
import org.ptpmesh.web.ReportObserver;
import org.ptpmesh.web.ServerMetrics;
import org.ptpmesh.web.WebAddress;
import org.ptpmesh.web.WebDefaults;
import org.ptpmesh.web.WebServer;
import org.ptpmesh.wire.PeerId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code bin/ptpserver}: the rendezvous server. ptptest 2014's flags, so existing scripts keep
 * working, plus timers, bounds, the analytics database and a {@code stats} subcommand.
 */
@Command(name = "ptpserver", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "PTP Mesh Server: registers clients, publishes the client list (paged when it "
                + "does not fit a datagram), purges silent clients, echoes timestamps for RTT, and "
                + "stores the clients' peer reports in an SQLite database. The same port serves "
                + "also as the introducer peers use: ping/pong and the TEST message for NAT "
                + "classification, introductions and relay (run two servers for classification). "
                + "Keyed clients handshake with its key (--identity) and register sealed; ptptest 2014 "
                + "clients and ptpclient --legacy register plain, listed as legacy.",
            ""},
        subcommands = {PtpserverStatsCommand.class},
        footer = {"", "Durations take ms, s, m, h or d (500ms, 7s, 30d). Stop with q (console UI), Ctrl-C or SIGTERM.",
            "Example: ptpserver -p 23456 --db /var/lib/ptpmesh/analytics.db"})
public final class PtpserverCommand implements Callable<Integer> {

    @Option(names = {"-s", "--server"}, paramLabel = "<address>",
            description = "The address to bind to for the server (default: the wildcard of --family)")
    String server;

    @Option(names = "--family", paramLabel = "<family>", defaultValue = "both",
            converter = FamilyConverter.class,
            description = "IP families to serve: both (:: dual-stack where the host has IPv6, else 0.0.0.0), ipv4"
                + " (0.0.0.0) or ipv6 (:: refusing IPv4) [${DEFAULT-VALUE}]")
    AddressFamily family;

    @Option(names = {"-p", "--port"}, paramLabel = "<port>", defaultValue = "" + ServerDefaults.PORT,
            description = "The port to use for the server [${DEFAULT-VALUE}]")
    int port;

    @Mixin
    CommonOptions common;

    @Mixin
    IdentityOptions identity = new IdentityOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--introducer-id", paramLabel = "<hex>",
            description = "The introducer's 16-byte peer id in hex, as peers are configured with (default: random, logged at start)")
    String introducerId;

    @Option(names = "--introducer-test-port", paramLabel = "<port>", defaultValue = "0",
            description = "Port the introducer's TEST messages leave from (default: --port + 1)")
    int introducerTestPort;

    @Option(names = "--relay-quota", paramLabel = "<n>", defaultValue = "" + IntroducerDefaults.RELAY_QUOTA,
            description = "Datagrams one peer may relay per " + IntroducerDefaults.RELAY_WINDOW_SECONDS + " s [${DEFAULT-VALUE}]")
    int relayQuota;

    @Option(names = "--allow-legacy-intro",
            description = "Introduce and relay peers that proved a key to legacy peers (ptptest 2014 clients, peers"
                + " without keys) too; without it such a pair is refused with LEGACY_PEER. Two legacy peers are"
                + " introduced either way")
    boolean allowLegacyIntro;

    @Option(names = "--db", paramLabel = "<file>", defaultValue = "ptpserver.db",
            description = "Analytics database (SQLite; created if missing) [${DEFAULT-VALUE}]")
    Path db;

    @Option(names = "--analytics-retention", paramLabel = "<duration>", defaultValue = AnalyticsDefaults.RETENTION_DAYS + "d",
            converter = MillisConverter.class,
            description = "Analytics rows older than this are deleted (pruned every " + AnalyticsDefaults.PRUNE_EVERY_SECONDS
                    + " s) [${DEFAULT-VALUE}]")
    long analyticsRetention;

    @Option(names = "--analytics-max-rows", paramLabel = "<n>", defaultValue = "" + AnalyticsDefaults.MAX_ROWS,
            description = "Rows each analytics table keeps at most, the oldest deleted first [${DEFAULT-VALUE}]")
    long analyticsMaxRows;

    @Option(names = "--publish-every", paramLabel = "<duration>", defaultValue = ServerDefaults.PUBLISH_EVERY_SECONDS + "s", converter = MillisConverter.class,
            description = "Client-list publication period [${DEFAULT-VALUE}]")
    long publishEvery;

    @Option(names = "--purge-after", paramLabel = "<duration>", defaultValue = ServerDefaults.PURGE_AFTER_SECONDS + "s", converter = MillisConverter.class,
            description = "Purge a client silent for this long [${DEFAULT-VALUE}]")
    long purgeAfter;

    @Option(names = "--announce-gap", paramLabel = "<duration>", defaultValue = ServerDefaults.ANNOUNCE_GAP_SECONDS + "s", converter = MillisConverter.class,
            description = "Least time between two lists to one client for joins and moves (a burst of joins is announced once);"
                + " a departure is published at once (beyond " + ServerDefaults.DEPARTURES_AT_ONCE
                + " within one gap, the rest wait for it) [${DEFAULT-VALUE}]")
    long announceGap;

    @Option(names = "--move-after", paramLabel = "<duration>", defaultValue = ServerDefaults.MOVE_AFTER_SECONDS + "s", converter = MillisConverter.class,
            description = "A client heard from its address within this long does not move to another address naming it"
                    + " (someone taking it over); a client whose NAT remapped it moves once its old address is this silent"
                    + " [${DEFAULT-VALUE}]")
    long moveAfter;

    @Option(names = "--log-drops", paramLabel = "<n>", defaultValue = "" + ServerDefaults.DROP_LOG_PER_SECOND,
            description = "With --debug: refused datagrams logged one by one a second, with reason and source, by each"
                + " role (server, introducer); the rest of that second are summed in one line [${DEFAULT-VALUE}]")
    int logDrops;

    @Option(names = "--list-limit", paramLabel = "<n>", defaultValue = "" + ServerDefaults.LIST_LIMIT,
            description = "Most clients listed to each client (the clients around it in join order), 0 for all;"
                    + " a change then reaches this many lists [${DEFAULT-VALUE}]")
    int listLimit;

    @Option(names = "--publish-budget", paramLabel = "<n>", defaultValue = "" + ServerDefaults.PUBLISH_BUDGET,
            description = "Datagrams of lists sent at most every " + ServerDefaults.PUBLISH_TICK_MILLIS
                    + " ms; lists beyond wait for the next tick [${DEFAULT-VALUE}]")
    int publishBudget;

    @Option(names = "--max-pending", paramLabel = "<n>", defaultValue = "" + ServerDefaults.MAX_PENDING,
            description = "Registrations waiting for their address to be validated (the echo of a cookie, valid "
                    + ServerDefaults.COOKIE_LIFETIME_SECONDS + "-" + 2 * ServerDefaults.COOKIE_LIFETIME_SECONDS
                    + " s); the oldest are forgotten first [${DEFAULT-VALUE}]")
    int maxPending;

    @Option(names = "--max-clients", paramLabel = "<n>", defaultValue = "" + ServerDefaults.MAX_CLIENTS,
            description = "Registry bound [${DEFAULT-VALUE}]")
    int maxClients;

    @Option(names = "--rate", paramLabel = "<n>", defaultValue = "" + ServerDefaults.RATE_PER_SECOND,
            description = "Datagrams per second allowed per source address and port, and as many again for junk"
                    + " (datagrams that do not decode), so junk forged from a client's address leaves its own"
                    + " budget alone [${DEFAULT-VALUE}]")
    int rate;

    @Option(names = "--rate-burst", paramLabel = "<n>", defaultValue = "" + ServerDefaults.RATE_BURST,
            description = "Datagrams a source may send at once [${DEFAULT-VALUE}]")
    int rateBurst;

    @Option(names = "--max-sources", paramLabel = "<n>", defaultValue = "" + ServerDefaults.MAX_TRACKED_SOURCES,
            description = "Sources the rate limiter tracks [${DEFAULT-VALUE}]")
    int maxSources;

    @Option(names = "--http", paramLabel = "[<address>:]<port>",
            description = "Serve the dashboard page, its JSON API and Prometheus /metrics over HTTP here (read-only;"
                + " loopback unless an address is given; off by default). " + WebDefaults.HELP)
    String http;

    @Option(names = "--http-token", paramLabel = "<token>",
            description = "Bearer token the JSON API and /metrics want (Authorization: Bearer <token>); required when"
                + " --http binds a non-loopback address. The page takes it as #token=<token> after its address")
    String httpToken;

    @Override
    public Integer call() throws Exception {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--port must be 1-65535, got " + port);
        }
        if (introducerTestPort < 0 || introducerTestPort > 65535 || introducerTestPort == port || (introducerTestPort == 0 && port == 65535)) {
            throw new IllegalArgumentException("--introducer-test-port must be 1-65535 and differ from --port, got " + introducerTestPort);
        }
        if (logDrops < 0) {
            throw new IllegalArgumentException("--log-drops must not be negative, got " + logDrops);
        }
        ServerConfig config = ServerConfig.defaults().withPort(port).withTimers(publishEvery, purgeAfter, announceGap)
                .withListLimit(listLimit).withBounds(maxClients, rateBurst, rate, maxSources).withDropLog(logDrops).toBuilder()
                .publishBudget(publishBudget).maxPending(maxPending).moveAfter(moveAfter).build();
        InetAddress bind = server == null ? family.wildcard() : Args.host(server, "--server");
        family.check(bind);
        WebAddress web = http == null ? null : WebAddress.parse(http);
        if (web != null && !web.loopback() && (httpToken == null || httpToken.isEmpty())) {
            throw new IllegalArgumentException("--http " + http + " is not a loopback address: give --http-token too,"
                    + " or anyone who reaches it reads the clients' addresses");
        }
        try (NodeSecurity keys = identity.load(Map.of(), spec.commandLine().getErr());
             NodeSession session = new NodeSession(common, "ptpserver " + new Endpoint(bind, port)).ipv6Only(family.ipv6Only())) {
            session.traceAs(new Endpoint(bind, port).toString());
            LogSink log = session.log();
            log.log(LogSink.Level.INFO, IdentityOptions.describe(keys) + "; keyed clients register sealed, others plain (legacy);"
                    + " clients pin it with -s HOST@KEY or --introducers HOST:PORT@KEY");
            if (!common.noStun && common.stun != null) {
                InetSocketAddress stun = StunProbe.parse(common.stun);
                StunProbe.run(bind, LocalAddresses.freeUdpPort(bind), stun.getAddress(), stun.getPort(), log);
            }
            AtomicReference<SealedServer> node = new AtomicReference<>();
            try (AnalyticsRecorder recorder = new AnalyticsRecorder(openAnalytics(),
                    () -> node.get() == null ? Map.of() : node.get().drops(),
                    e -> log.log(LogSink.Level.ERROR, "analytics: " + e.getMessage()), new Retention(analyticsRetention,
                    analyticsMaxRows))) {
                ServerMetrics metrics = new ServerMetrics(
                        () -> node.get() == null ? ServerSnapshot.EMPTY : node.get().server().rendezvous().snapshot(),
                        () -> node.get() == null ? Map.of() : node.get().drops());
                SecureRandom random = new SecureRandom();
                RendezvousServer rendezvous = new RendezvousServer(config, web == null ? recorder : new ReportObserver(recorder, metrics),
                        random);
                PeerId id = introducerId == null ? PeerId.random(random) : Args.peerId(introducerId, "--introducer-id");
                int testSource = introducerTestPort == 0 ? port + 1 : introducerTestPort;
                Introducer introducer = new Introducer(IntroducerConfig.builder("ptpserver", port).testSourcePort(testSource)
                        .maxRegistrations(maxClients).relayQuota(relayQuota).dropLogPerSecond(logDrops)
                        .allowLegacyIntro(allowLegacyIntro).build(),
                        id, System.currentTimeMillis(), random);
                ServerNode roles = new ServerNode(rendezvous, introducer, port);
                SealedServer server = new SealedServer(roles, web == null ? roles : new CountingNode(roles, metrics), keys);
                node.set(server);
                log.log(LogSink.Level.INFO, "ptpserver serving UDP " + new Endpoint(bind, port) + ", analytics in " + db
                        + "; introducer id " + id + ", TEST messages from port " + testSource);
                try (WebServer dashboard = web == null ? null : startWeb(web, metrics, server, log)) {
                    return session.run(server.node(), bind,
                            Set.of(port, testSource), () -> view(rendezvous.snapshot(), server.drops(), server.sessions()),
                            (now, out) -> { });
                }
            }
        }
    }

    private WebServer startWeb(WebAddress web, ServerMetrics metrics, SealedServer server, LogSink log) throws java.io.IOException {
        Dashboard data = new Dashboard(openAnalytics(), () -> server.server().rendezvous().snapshot(), server::drops, server::sessions, metrics,
                System::currentTimeMillis);
        WebServer w = new WebServer(web, httpToken, data, metrics);
        String at = "http://" + new Endpoint(w.address().getAddress(), w.address().getPort()) + "/";
        log.log(LogSink.Level.INFO, "ptpserver dashboard at " + at + ", Prometheus metrics at " + at + "metrics; "
                + (httpToken == null ? "no token (loopback only)" : "the API and /metrics want Authorization: Bearer <--http-token>"));
        return w;
    }

    private AnalyticsStore openAnalytics() {
        try {
            return AnalyticsStore.open(db);
        } catch (SQLException e) {
            throw new IllegalArgumentException("cannot open the analytics database " + db + ": " + e.getMessage()
                    + "; give --db a writable SQLite file (created if missing)");
        }
    }

    /**
     * @param drops    what both roles and the session layer refused ({@link SealedServer#drops()}), fresher than the snapshot's
     * @param sessions sessions open with keyed clients
     */
    static StatusView view(ServerSnapshot s, Map<String, Long> drops, int sessions) {
        long dropped = drops.values().stream().mapToLong(Long::longValue).sum();
        List<String> status = List.of(
                "clients " + s.clients() + "   sessions " + sessions + "   publications " + s.publications() + "   datagrams in "
                        + s.datagramsIn() + " out " + s.datagramsOut() + "   dropped " + dropped,
                drops.isEmpty() ? "no drops" : "drops " + drops);
        List<List<String>> rows = new ArrayList<>();
        for (ServerSnapshot.Row r : s.rows()) {
            rows.add(List.of(r.id().substring(0, 8), r.external(), r.internal(), Nat.name(r.nat()), Mapped.of(r.upnp(), r.mapped()), r.audience(),
                    r.keying(), r.rttMillis() < 0 ? "-" : r.rttMillis() + " ms",
                    Duration.ofMillis(Math.max(0, s.takenAt() - r.lastSeen())).toSeconds() + " s"));
        }
        return new StatusView(status, List.of("client", "address", "lan address", "NAT", "mapped", "speaks", "key", "RTT", "last heard"),
                rows);
    }

    /** both, ipv4 or ipv6, in any case; anything else is refused with the choices. */
    static final class FamilyConverter implements CommandLine.ITypeConverter<AddressFamily> {
        @Override
        public AddressFamily convert(String value) {
            for (AddressFamily f : AddressFamily.values()) {
                if (f.name().equalsIgnoreCase(value)) {
                    return f;
                }
            }
            throw new CommandLine.TypeConversionException("expected both, ipv4 or ipv6, got '" + value + "'");
        }
    }

    public static void main(String[] args) {
        CommandLine cl = Cli.commandLine(new PtpserverCommand());
        try {
            ConfigFile.apply(cl, args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(Cli.EXIT_USAGE);
        }
        System.exit(cl.execute(args));
    }
}
