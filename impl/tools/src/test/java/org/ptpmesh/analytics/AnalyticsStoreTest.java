package org.ptpmesh.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
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

    @Test
    void aNewerSchemaIsRefusedWithAClearError() throws Exception {
        Path file = dir.resolve("future.db");
        AnalyticsStore.open(file).close();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var st = c.createStatement()) {
            st.execute("INSERT INTO schema_version VALUES (99)");
        }
        assertThatThrownBy(() -> AnalyticsStore.open(file)).isInstanceOf(SQLException.class).hasMessageContaining("schema 99");
    }
}
