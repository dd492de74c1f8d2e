package org.ptpmesh.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.metrics.MetricsReport;
import org.ptpmesh.metrics.MetricsSnapshot;
import org.ptpmesh.wire.Endpoint;

class AnalyticsStoreTest {

    @TempDir
    Path dir;

    @Test
    void everythingSurvivesReopeningAndDropsAddUpAcrossRuns() throws Exception {
        Path file = dir.resolve("a.db");
        MetricsReport report = new MetricsReport(Endpoint.of("127.0.0.1", 4000), null,
                new MetricsSnapshot(10, 9, 8, 2, 3, 2.5, 1, 7, 0.6));
        try (AnalyticsStore s = AnalyticsStore.open(file)) {
            s.joined("aa", 1_000, "127.0.0.1:1", "10.0.0.1:1", 1, "ptpmesh");
            s.report("aa", 2_000, report);
            s.meta("aa", 2_500, "{\"os\":\"linux\"}");
            s.left("aa", 3_000, "127.0.0.1:1", 2_900, "purged");
            s.dropsSinceOpen(Map.of("bad_checksum", 5L));
            s.commit();
        }
        try (AnalyticsStore s = AnalyticsStore.open(file)) {
            s.joined("aa", 4_000, "127.0.0.1:2", "10.0.0.1:2", 1, "ptpmesh");
            s.dropsSinceOpen(Map.of("bad_checksum", 2L, "rate_limited", 1L));
            s.commit();
            assertThat(s.clients()).singleElement().satisfies(c -> {
                assertThat(c.joins()).isEqualTo(2);
                assertThat(c.departures()).isEqualTo(1);
                assertThat(c.lastDeparture()).isEqualTo("purged");
                assertThat(c.firstSeen()).isEqualTo(1_000);
                assertThat(c.external()).isEqualTo("127.0.0.1:2");
            });
            assertThat(s.latestPairs()).singleElement().satisfies(p -> {
                assertThat(p.reporter()).isEqualTo("aa");
                assertThat(p.metrics()).isEqualTo(report.metrics());
            });
            assertThat(s.drops()).containsEntry("bad_checksum", 7L).containsEntry("rate_limited", 1L);
        }
    }

    /** A file a version-1 server wrote gains the latest-META columns and keeps everything it had. */
    @Test
    void aSchemaOneFileIsBroughtUpToDate() throws Exception {
        Path file = dir.resolve("v1.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var st = c.createStatement()) {
            st.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            st.execute("INSERT INTO schema_version VALUES (1)");
            st.execute("CREATE TABLE clients (id TEXT PRIMARY KEY, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
                    + " external TEXT NOT NULL, internal TEXT NOT NULL, nat INTEGER NOT NULL, audience TEXT NOT NULL,"
                    + " joins INTEGER NOT NULL DEFAULT 0, departures INTEGER NOT NULL DEFAULT 0, last_departure TEXT)");
            st.execute("INSERT INTO clients VALUES ('aa', 1, 2, '203.0.113.1:5000', '10.0.0.1:5000', -1, 'ptptest', 1, 0, NULL)");
        }
        try (AnalyticsStore store = AnalyticsStore.open(file)) {
            assertThat(store.clients()).singleElement().satisfies(c -> {
                assertThat(c.lastSeen()).isEqualTo(2);
                assertThat(c.lastMeta()).isNull();
                assertThat(c.keyed()).as("a client stored before keys is legacy").isFalse();
            });
            store.latestMeta("aa", 5, "{\"a\": 1}");
            store.commit();
            assertThat(store.clients()).singleElement().satisfies(c -> {
                assertThat(c.lastMeta()).isEqualTo("{\"a\": 1}");
                assertThat(c.lastSeen()).isEqualTo(5);
            });
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var st = c.createStatement();
             var r = st.executeQuery("SELECT version FROM schema_version")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getInt(1)).isEqualTo(AnalyticsStore.SCHEMA_VERSION);
            assertThat(r.next()).as("one version row").isFalse();
        }
        AnalyticsStore.open(file).close();
    }

    /** A file a version-2 server wrote gains the port-mapping columns: its clients said nothing of one. */
    @Test
    void aSchemaTwoFileGainsThePortMappingColumns() throws Exception {
        Path file = dir.resolve("v2.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var st = c.createStatement()) {
            st.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            st.execute("INSERT INTO schema_version VALUES (2)");
            st.execute("CREATE TABLE clients (id TEXT PRIMARY KEY, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
                    + " external TEXT NOT NULL, internal TEXT NOT NULL, nat INTEGER NOT NULL, audience TEXT NOT NULL,"
                    + " joins INTEGER NOT NULL DEFAULT 0, departures INTEGER NOT NULL DEFAULT 0, last_departure TEXT,"
                    + " last_meta TEXT, last_meta_at INTEGER)");
            st.execute("INSERT INTO clients VALUES ('aa', 1, 2, '203.0.113.1:5000', '10.0.0.1:5000', 1, 'ptpmesh', 1, 0, NULL,"
                    + " '{}', 2)");
        }
        try (AnalyticsStore store = AnalyticsStore.open(file)) {
            assertThat(store.clients()).singleElement().satisfies(c -> {
                assertThat(c.upnp()).as("not said").isEqualTo(-1);
                assertThat(c.mapped()).isNull();
                assertThat(c.gatewayForwards()).isFalse();
                assertThat(c.lastMeta()).as("kept").isEqualTo("{}");
                assertThat(c.keyed()).as("stored before keys: legacy").isFalse();
            });
            store.portMapping("aa", 1, "203.0.113.1:3456");
            store.keying("aa", true);
            store.commit();
            assertThat(store.clients()).singleElement().satisfies(c -> {
                assertThat(c.upnp()).isEqualTo(1);
                assertThat(c.mapped()).isEqualTo("203.0.113.1:3456");
                assertThat(c.gatewayForwards()).isTrue();
                assertThat(c.keyed()).isTrue();
            });
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var st = c.createStatement();
             var r = st.executeQuery("SELECT version FROM schema_version")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getInt(1)).isEqualTo(AnalyticsStore.SCHEMA_VERSION);
        }
        AnalyticsStore.open(file).close();
    }

    @Test
    void aNewerSchemaIsRefusedWithAClearError() throws Exception {
        Path file = dir.resolve("future.db");
        AnalyticsStore.open(file).close();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var st = c.createStatement()) {
            st.execute("INSERT INTO schema_version VALUES (99)");
        }
        assertThatThrownBy(() -> AnalyticsStore.open(file)).isInstanceOf(SQLException.class).hasMessageContaining("schema 99");
    }

    @Test
    void historysLossIsTheProbesLostInABucketOverThoseDecidedInItOverAllPeers() throws Exception {
        Endpoint busy = Endpoint.of("127.0.0.1", 4000);
        Endpoint quiet = Endpoint.of("127.0.0.1", 4001);
        try (AnalyticsStore s = AnalyticsStore.open(dir.resolve("a.db"))) {
            // bucket 0: the first report about each peer, the base the next ones differ from
            s.report("aa", 1_000, report(busy, 500, 100));
            s.report("aa", 1_000, report(quiet, 3, 0));
            // bucket 1: 1,000 probes decided to the busy peer, 10 lost; 10 to the quiet one, 5 lost
            s.report("aa", 11_000, report(busy, 990, 105));
            s.report("aa", 12_000, report(busy, 1_490, 110));
            s.report("aa", 12_000, report(quiet, 8, 5));
            // bucket 2: the busy peer's counters restarted (its reporter measured it anew): 0 of 50 lost
            s.report("aa", 21_000, report(busy, 50, 0));
            s.commit();
            List<AnalyticsStore.HistoryPoint> h = s.history("aa", 0, 10_000);
            assertThat(h).extracting(AnalyticsStore.HistoryPoint::at).containsExactly(0L, 10_000L, 20_000L);
            assertThat(h.get(0).lossRatio()).as("nothing before the first reports to differ from").isNaN();
            // an average of the two peers' ratios would say (0.01 + 0.5) / 2 = 0.255
            assertThat(h.get(1).lossRatio()).isCloseTo(15.0 / 1_010, within(1e-9));
            assertThat(h.get(2).lossRatio()).isZero();
            assertThat(s.history("aa", 10_000, 10_000).get(0).lossRatio()).as("the base may lie before the range")
                    .isCloseTo(15.0 / 1_010, within(1e-9));
        }
    }

    private static MetricsReport report(Endpoint peer, long acked, long lost) {
        return new MetricsReport(peer, null, new MetricsSnapshot(acked + lost, acked, acked, lost, 5, 5, 5, 5, 0));
    }
}
