package org.ptpmesh.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptpmesh.nat.Strategy;

/**
 * Two peers behind one NAT, both on port 3456: the introducer sees one public address and gives each the other's
 * LAN address, so they connect over the LAN (a Linux NAT does not hairpin without a rule).
 */
@Tag("lab")
class SameNatLabIT {

    @BeforeEach
    void lab() {
        LabTests.assumeLab();
    }

    @ParameterizedTest
    @EnumSource(value = LabNat.class, names = {"EASY", "HARD"})
    void peersBehindOneNatConnectOverTheirLan(LabNat kind) {
        try (TwoPeers pair = TwoPeers.behindOneNat(kind, PairOptions.defaults())) {
            assertThat(pair.awaitClassified(5_000)).isTrue();
            PairResult r = pair.connect();
            System.out.println("lab: same NAT " + r);
            assertThat(r.classifiedRight()).as(r.toString()).isTrue();
            assertThat(r.strategy()).isEqualTo(Strategy.LAN);
            assertThat(r.result()).isEqualTo("direct");
            // the path is the other's LAN address, not the NAT's public one
            String bLan = pair.b().host().address().getHostAddress() + ":" + pair.b().config().localPort();
            assertThat(pair.a().traces().stream().filter(t -> t.event().equals("PathConfirmed"))
                    .map(t -> String.valueOf(t.params().get("remote")))).anyMatch(remote -> remote.contains(bLan));
            assertThat(pair.b().receivedFrom(pair.a())).hasSize(1);
        }
    }
}
