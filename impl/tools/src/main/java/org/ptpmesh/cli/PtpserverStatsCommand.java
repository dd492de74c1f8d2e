package org.ptpmesh.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ptpmesh.analytics.AnalyticsStore;
import org.ptpmesh.metrics.MetricsSnapshot;
import org.ptpmesh.ui.TextTable;
import org.ptpmesh.web.StatsJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ptpserver stats}: what the analytics database holds, as tables or one JSON object. */
@Command(name = "stats", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        header = "Print the analytics a server stored (clients, peer reports, drops).",
        description = {"Print the analytics a server stored: clients (when each was last heard from, whether its "
            + "gateway forwards its port and the mapped address it is listed at, its latest "
            + "META, cut to " + PtpserverStatsCommand.META_WIDTH + " characters in the table, whole with --json), the "
            + "latest report of each client about each peer (packets, loss, RTT, jitter), and drop counters. "
            + "Safe while the server runs.", ""},
        footer = {"", "Exit status: 0 ok, 1 the database cannot be read, 2 usage error."})
public final class PtpserverStatsCommand implements Callable<Integer> {

    /** Characters of a client's latest META the table shows (a ptptest 2014 client's runs to 240). */
    static final int META_WIDTH = 40;

    @Option(names = "--db", paramLabel = "<file>", defaultValue = "ptpserver.db",
            description = "Analytics database [${DEFAULT-VALUE}]")
    Path db;

    @Option(names = "--json", description = "One JSON object instead of tables")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(db)) {
            spec.commandLine().getErr().println("error: no analytics database at " + db + " (see --db)");
            return Cli.EXIT_BAD_INPUT;
        }
        try (AnalyticsStore store = AnalyticsStore.open(db)) {
            if (json) {
                out.println(StatsJson.of(store));
            } else {
                tables(out, store.clients(), store.latestPairs(), store.drops(), store.reportCount());
            }
        } catch (java.sql.SQLException e) {
            spec.commandLine().getErr().println("error: cannot read " + db + ": " + e.getMessage());
            return Cli.EXIT_BAD_INPUT;
        }
        out.flush();
        return Cli.EXIT_OK;
    }

    private static void tables(PrintWriter out, List<AnalyticsStore.ClientRow> clients, List<AnalyticsStore.PairRow> pairs,
                               Map<String, Long> drops, long reports) {
        long mapped = clients.stream().filter(AnalyticsStore.ClientRow::gatewayForwards).count();
        out.println("clients (" + clients.size() + ", " + mapped + " mapped)");
        List<List<String>> rows = new ArrayList<>();
        for (AnalyticsStore.ClientRow c : clients) {
            rows.add(List.of(c.id(), c.external(), Nat.name(c.nat()), Mapped.of(c.upnp(), c.mapped()), c.audience(),
                    c.keyed() ? "keyed" : "legacy", String.valueOf(c.joins()), String.valueOf(c.departures()),
                    c.lastDeparture() == null ? "-" : c.lastDeparture(), Instant.ofEpochMilli(c.lastSeen()).toString(),
                    abbreviated(c.lastMeta())));
        }
        TextTable.lines(List.of("id", "address", "NAT", "mapped", "speaks", "key", "joins", "departures", "last departure",
                "last seen", "last META"), rows).forEach(out::println);
        out.println();
        out.println("peer reports (" + reports + " stored; latest per pair)");
        rows = new ArrayList<>();
        for (AnalyticsStore.PairRow p : pairs) {
            MetricsSnapshot m = p.metrics();
            rows.add(List.of(p.reporter().substring(0, 8), p.peer(), String.valueOf(m.sent()), String.valueOf(m.received()),
                    String.valueOf(m.acked()), String.valueOf(m.lost()), String.format("%.1f%%", 100 * m.lossRatio()),
                    rtt(m), String.format("%.1f", m.jitter())));
        }
        TextTable.lines(List.of("reporter", "peer", "sent", "recv", "acked", "lost", "loss", "rtt last/mean/min/max ms", "jitter ms"), rows)
                .forEach(out::println);
        out.println();
        out.println("drops");
        rows = new ArrayList<>();
        for (Map.Entry<String, Long> d : drops.entrySet()) {
            rows.add(List.of(d.getKey(), String.valueOf(d.getValue())));
        }
        TextTable.lines(List.of("reason", "count"), rows).forEach(out::println);
    }

    /** The first {@value #META_WIDTH} characters, with "..." when there were more; "-" for none. */
    static String abbreviated(String meta) {
        if (meta == null) {
            return "-";
        }
        return meta.length() <= META_WIDTH ? meta : meta.substring(0, META_WIDTH - 3) + "...";
    }

    private static String rtt(MetricsSnapshot m) {
        return m.rttLast() < 0 ? "-" : String.format("%d/%.1f/%d/%d", m.rttLast(), m.rttMean(), m.rttMin(), m.rttMax());
    }
}
