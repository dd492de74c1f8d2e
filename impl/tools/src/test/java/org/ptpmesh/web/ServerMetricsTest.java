package org.ptpmesh.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ptpmesh.rendezvous.ServerSnapshot;

class ServerMetricsTest {

    @Test
    void clientsAreCountedByNatFromTheServersCountsNotFromTheSnapshotsFirstRows() throws Exception {
        // the rows list the first clients only: 1,505 registered, two of them in rows
        ServerSnapshot s = new ServerSnapshot(0, 1505, 0, 0, 0, Map.of(), List.of(
                new ServerSnapshot.Row("a", "1.2.3.4:1", "10.0.0.1:1", 2, "ptpmesh", 0, -1, -1, null, false),
                new ServerSnapshot.Row("b", "1.2.3.4:2", "1.2.3.4:2", 3, "ptpmesh", 0, -1, -1, null, true)),
                Map.of(2, 1500L, 3, 1L, -1, 3L, 9, 1L));
        PrometheusText p = PrometheusText.parse(CountingNodeTest.text(new ServerMetrics(() -> s, Map::of)));
        assertThat(p.value("ptpserver_clients", Map.of("nat", "hard"))).isEqualTo(1500);
        assertThat(p.value("ptpserver_clients", Map.of("nat", "static"))).isEqualTo(1);
        assertThat(p.value("ptpserver_clients", Map.of("nat", "unreported"))).isEqualTo(3);
        assertThat(p.value("ptpserver_clients", Map.of("nat", "other"))).isEqualTo(1);
        assertThat(p.value("ptpserver_clients", Map.of("nat", "easy"))).isZero();
        assertThat(p.samples.stream().filter(x -> x.name().equals("ptpserver_clients")).mapToDouble(PrometheusText.Sample::value).sum())
                .as("every registered client counted once").isEqualTo(1505);
    }

    @Test
    void relayUseIsKeptForTheClientsThatRelayedLast() {
        ServerMetrics m = new ServerMetrics(() -> ServerSnapshot.EMPTY, Map::of);
        m.relayedFrom("first", 10);
        m.relayedFrom("second", 10);
        for (int i = 0; i < WebDefaults.RELAY_CLIENTS - 2; i++) {
            m.relayedFrom("c" + i, 10);
        }
        // "first" relays again: "second" is now the one that relayed longest ago, and goes
        m.relayedFrom("first", 5);
        m.relayedFrom("one more", 10);
        assertThat(m.relayByClient()).hasSize(WebDefaults.RELAY_CLIENTS).doesNotContainKey("second");
        assertThat(m.relayByClient().get("first")).containsExactly(2, 15);
    }
}
