package org.ptpmesh.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ptpmesh.stun.NatBehaviour;
import org.ptpmesh.stun.NatBehaviour.Behaviour;

/**
 * A second opinion on the lab's NATs from a STUN server that is not ptpmesh's own (coturn, RFC
 * 5780 discovery): the Easy NAT maps endpoint-independently and filters by address and port,
 * the Hard NAT maps per destination, and a Static host has no NAT.
 */
@Tag("lab")
class StunThroughLabNatsIT {

    @BeforeEach
    void lab() {
        LabTests.assumeLab();
        Assumptions.assumeTrue(LabCoturn.installed() || "true".equals(System.getenv("CI")),
                "coturn is not installed; ci/test installs it");
    }

    @Test
    void coturnSeesEachLabNatAsItsKind() throws Exception {
        try (Lab lab = Lab.create()) {
            LabCoturn stun = LabCoturn.start(lab, lab.publicHost("stun"));
            LabHost open = lab.publicHost("static");
            LabHost easy = lab.nat("easynat", LabNat.EASY).host("easy");
            LabHost hard = lab.nat("hardnat", LabNat.HARD).host("hard");

            NatBehaviour none = stun.discoverFrom(open).orElseThrow();
            assertThat(none.behindNat()).as(none.toString()).isFalse();
            assertThat(none.natCode()).isEqualTo(3);

            NatBehaviour e = stun.discoverFrom(easy).orElseThrow();
            assertThat(e.mapped().address()).isEqualTo(easy.nat().wanAddress());
            assertThat(e.mapping()).as(e.toString()).isEqualTo(Behaviour.ENDPOINT_INDEPENDENT);
            assertThat(e.filtering()).as(e.toString()).isEqualTo(Behaviour.ADDRESS_AND_PORT_DEPENDENT);
            assertThat(e.natCode()).as(e.toString()).isEqualTo(1);

            NatBehaviour h = stun.discoverFrom(hard).orElseThrow();
            assertThat(h.mapped().address()).isEqualTo(hard.nat().wanAddress());
            assertThat(h.mapping()).as(h.toString()).isEqualTo(Behaviour.ADDRESS_AND_PORT_DEPENDENT);
            assertThat(h.natCode()).isEqualTo(2);
            System.out.println("lab: coturn sees static " + none + ", easy " + e + ", hard " + h);
        }
    }
}
