package org.ptpmesh.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptpmesh.dualstack.Family;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.nat.Strategy;

class ConnectivityMatrixReportTest {

    private static PairResult result(LabNat from, LabNat to, boolean delivered, boolean direct, Family family) {
        return new PairResult(from, to, NatType.EASY, NatType.EASY, Strategy.DIRECT, "DIRECT", 301, 1, delivered, direct, family);
    }

    private final List<PairResult> results = List.of(
            result(LabNat.DUAL, LabNat.DUAL, true, true, Family.IPV6),
            result(LabNat.DUAL, LabNat.EASY, true, true, Family.IPV4),
            result(LabNat.EASY, LabNat.DUAL, true, false, Family.IPV4),
            result(LabNat.EASY, LabNat.EASY, false, false, null));

    @Test
    void gridCellsAndDetailRowsNameTheFamilyOfTheDataPath() {
        String md = ConnectivityMatrixReport.markdown(results);

        assertThat(md).contains("| dual | direct (ipv6), 301 ms, 1 probes | direct (ipv4), 301 ms, 1 probes |")
                .contains("| easy | relayed (ipv4), 301 ms, 1 probes | failed, 301 ms, 1 probes |")
                .contains("| dual->easy | easy / easy | DIRECT | DIRECT | direct (ipv4) | 301 ms | 1 |");
    }

    @Test
    void jsonKeepsTheResultAndAddsTheFamily() throws Exception {
        JsonNode pairs = new ObjectMapper().readTree(ConnectivityMatrixReport.json(results)).get("pairs");

        assertThat(pairs.get(0).get("result").asText()).isEqualTo("direct");
        assertThat(pairs.get(0).get("family").asText()).isEqualTo("IPV6");
        assertThat(pairs.get(1).get("family").asText()).isEqualTo("IPV4");
        assertThat(pairs.get(3).get("result").asText()).isEqualTo("failed");
        assertThat(pairs.get(3).get("family").isNull()).isTrue();
    }
}
