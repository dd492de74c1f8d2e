package org.ptpmesh.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.metrics.MetricsReport;
import org.ptpmesh.metrics.MetricsSnapshot;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.rendezvous.ServerConfig;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.wire.Endpoint;

/** The analytics database stays within its retention, by age and by rows, pruned by the server's writer. */
class RetentionTest {

    private static final MetricsReport REPORT = new MetricsReport(Endpoint.of("127.0.0.1", 4000), null,
            new MetricsSnapshot(10, 9, 8, 2, 3, 2.5, 1, 7, 0.6));

    @TempDir
    Path dir;

    private static long rows(Path file, String table) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var r = c.createStatement().executeQuery(
                "SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void rowsOlderThanTheRetentionAndBeyondTheRowBoundAreDeleted() throws Exception {
        Path file = dir.resolve("r.db");
        try (AnalyticsStore s = AnalyticsStore.open(file)) {
            s.joined("old", 1_000, "198.51.100.1:1", "10.0.0.1:1", 1, "ptpmesh");
            s.joined("new", 50_000, "198.51.100.2:1", "10.0.0.2:1", 1, "ptpmesh");
            for (int i = 0; i < 100; i++) {
                s.report("new", 1_000 * i, REPORT);
                s.meta("new", 1_000 * i, "{\"n\":" + i + "}");
            }
            s.commit();
            // a day of 10 s, at most 30 rows a table
            long deleted = s.prune(new Retention(10_000, 30), 100_000);
            s.commit();
            assertThat(deleted).isPositive();
            assertThat(s.clients()).extracting(AnalyticsStore.ClientRow::id).containsExactly("new");
        }
        assertThat(rows(file, "peer_reports")).isEqualTo(10); // reports at 90..99 s: newer than 100 s - 10 s
        assertThat(rows(file, "client_meta")).isEqualTo(10);
        try (AnalyticsStore s = AnalyticsStore.open(file)) {
            for (int i = 0; i < 100; i++) {
                s.report("new", 200_000 + i, REPORT);
            }
            s.prune(new Retention(1_000_000, 30), 200_100);
            s.commit();
        }
        assertThat(rows(file, "peer_reports")).isEqualTo(30);
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var r = c.createStatement().executeQuery(
                "SELECT min(at) FROM peer_reports")) {
            r.next();
            assertThat(r.getLong(1)).as("the newest are kept").isEqualTo(200_070);
        }
    }

    @Test
    void theServersWriterPrunesAsItRunsSoTheFileStopsGrowingUnderAFloodOfReports() throws Exception {
        Path file = dir.resolve("w.db");
        AtomicLong clock = new AtomicLong(1_000_000);
        long firstFill = run(file, clock, 1);
        long sixFills = run(file, clock, 5);
        // without pruning six fills take six times the first's space; pruned, the file holds the
        // bound's 2,000 rows and at most a minute's more
        assertThat(sixFills).as("file bytes after six times as many reports, %d after the first", firstFill)
                .isLessThan(3 * firstFill);
        // the bound, and at most what arrived since the last prune (one fill here)
        assertThat(rows(file, "peer_reports")).isLessThanOrEqualTo(2 * 2_000);
    }

    /**
     * A server with a recorder bounded to 2,000 rows a table, {@code fills} rounds of reports, then
     * closed (which folds the write-ahead log into the file): the file's size.
     */
    private long run(Path file, AtomicLong clock, int fills) throws Exception {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        RecordingEffects fx = new RecordingEffects();
        try (AnalyticsRecorder recorder = new AnalyticsRecorder(AnalyticsStore.open(file), Map::of, errors::add,
                AnalyticsRecorder.QUEUE, new Retention(86_400_000L, 2_000), clock::get)) {
            RendezvousServer server = new RendezvousServer(ServerConfig.defaults().withBounds(10, 1_000_000, 1_000_000, 10),
                    recorder, new Random(1));
            server.start(clock.get(), fx);
            Endpoint a = Endpoint.of("203.0.113.1", 5000);
            Registrations.join(server, fx, a, 1, 0, clock.get());
            for (int i = 0; i < fills; i++) {
                fill(server, fx, a, clock);
            }
        }
        assertThat(errors).isEmpty();
        return Files.size(file);
    }

    /** 2,000 registrations with a report each; a minute later (the writer prunes once a minute) they are stored. */
    private static void fill(RendezvousServer server, RecordingEffects fx, Endpoint from, AtomicLong clock)
            throws InterruptedException {
        byte[] register = Registrations.register(1, 0, REPORT.toJson());
        for (int i = 0; i < 2_000; i++) {
            server.onDatagram(23456, from, register, clock.get(), fx);
        }
        fx.clearOutput();
        clock.addAndGet(AnalyticsDefaults.PRUNE_EVERY_SECONDS * 1_000 + 1);
        // the writer flushes at least once a second
        Thread.sleep(2_500);
    }
}
