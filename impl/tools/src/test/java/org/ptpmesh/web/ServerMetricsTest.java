package org.ptpmesh.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ptpmesh.rendezvous.ServerSnapshot;

class ServerMetricsTest {

    @Test
    void clientsBeyondTheSnapshotsRowsAreCountedUnderALabelThatSaysSo() throws Exception {
        ServerSnapshot s = new ServerSnapshot(0, 5, 0, 0, 0, Map.of(), List.of(
                new ServerSnapshot.Row("a", "1.2.3.4:1", "10.0.0.1:1", 2, "ptpmesh", 0, -1),
                new ServerSnapshot.Row("b", "1.2.3.4:2", "1.2.3.4:2", 3, "ptpmesh", 0, -1)));
        PrometheusText p = PrometheusText.parse(CountingNodeTest.text(new ServerMetrics(() -> s, Map::of)));
        assertThat(p.value("ptpserver_clients", Map.of("nat", "hard"))).isEqualTo(1);
        assertThat(p.value("ptpserver_clients", Map.of("nat", "static"))).isEqualTo(1);
        assertThat(p.value("ptpserver_clients", Map.of("nat", ServerMetrics.BEYOND_SNAPSHOT))).isEqualTo(3);
        assertThat(p.samples.stream().filter(x -> x.name().equals("ptpserver_clients")).mapToDouble(PrometheusText.Sample::value).sum())
                .as("every registered client counted once").isEqualTo(5);
    }
}
