package org.ptpmesh.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.peer.PeerDefaults;

/** The introducer design's NAT check through real Linux NATs: a peer behind each kind finds that kind. */
@Tag("lab")
class NatClassificationLabIT {

    @BeforeEach
    void lab() {
        LabTests.assumeLab();
    }

    @Test
    void eachKindIsClassifiedAsWhatItIs() {
        try (Lab lab = Lab.create()) {
            LabIntroducer a = LabIntroducer.start(lab, lab.publicHost("ia"));
            LabIntroducer b = LabIntroducer.start(lab, lab.publicHost("ib"));
            LabPeer open = LabPeer.start(lab, lab.publicHost("static"), PeerConfig.defaults("static", a.identity(), b.identity()));
            LabPeer easy = LabPeer.start(lab, lab.nat("easynat", LabNat.EASY).host("easy"),
                    PeerConfig.defaults("easy", a.identity(), b.identity()));
            LabPeer hard = LabPeer.start(lab, lab.nat("hardnat", LabNat.HARD).host("hard"),
                    PeerConfig.defaults("hard", a.identity(), b.identity()));

            assertThat(Await.until(5_000, () -> open.nat() != NatType.UNKNOWN && easy.nat() != NatType.UNKNOWN
                    && hard.nat() != NatType.UNKNOWN)).as("all three classified").isTrue();
            assertThat(open.nat()).isEqualTo(NatType.STATIC);
            assertThat(easy.nat()).isEqualTo(NatType.EASY);
            assertThat(hard.nat()).isEqualTo(NatType.HARD);
            // the public address each learned is its NAT's WAN address (its own for the Static peer)
            assertThat(open.publicAddress().address()).isEqualTo(open.host().address());
            assertThat(easy.publicAddress().address()).isEqualTo(easy.host().nat().wanAddress());
            assertThat(easy.publicAddress().port()).as("masquerade keeps the port").isEqualTo(PeerDefaults.LOCAL_PORT);
            assertThat(hard.publicAddress().address()).isEqualTo(hard.host().nat().wanAddress());
            assertThat(a.registrations()).isEqualTo(3);
        }
    }
}
