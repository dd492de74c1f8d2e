package org.ptpmesh.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ptpmesh.nat.NatType;

/** The kinds' names and rulesets, as text: no namespace needed (the lab ITs run them for real). */
class LabNatTest {

    @Test
    void everyKindParsesFromItsLabel() {
        Arrays.stream(LabNat.values()).forEach(k -> assertThat(LabNat.parse(k.label())).isEqualTo(k));
        assertThat(LabNat.parse(" FW6 ")).isEqualTo(LabNat.FW6);
        assertThat(LabNat.parse("dual")).isEqualTo(LabNat.DUAL);
        assertThatThrownBy(() -> LabNat.parse("fw4")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fw6, dual");
    }

    @Test
    void fw6FiltersIpv6StatefullyAndForwardsNoIpv4() {
        String rules = LabNat.FW6.ruleset("wan");
        assertThat(rules).contains("table ip6 ptpmesh_fw6", "iifname \"wan\" ct state established,related accept",
                "iifname \"wan\" counter drop", "type filter hook forward priority 0; policy drop;")
                .doesNotContain("masquerade");
        assertThat(LabNat.FW6.ipv6()).isTrue();
        assertThat(LabNat.FW6.expectedType()).isEqualTo(NatType.EASY);
    }

    @Test
    void dualMasqueradesIpv4AndFiltersIpv6() {
        String rules = LabNat.DUAL.ruleset("wan");
        assertThat(rules).contains("oifname \"wan\" masquerade\n", "table ip6 ptpmesh_fw6", "ct state established,related accept")
                .doesNotContain("policy drop");
        assertThat(LabNat.DUAL.ipv6()).isTrue();
    }

    @Test
    void theIpv4KindsHaveNoIpv6() {
        for (LabNat k : new LabNat[] {LabNat.STATIC, LabNat.EASY, LabNat.HARD, LabNat.EASY_MAP, LabNat.HARD_MAP}) {
            assertThat(k.ipv6()).as(k.label()).isFalse();
        }
        assertThat(LabNat.EASY.ruleset("wan")).doesNotContain("ip6");
    }
}
