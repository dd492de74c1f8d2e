package org.ptpmesh.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptpmesh.sim.SeedInFailure;

/** A hundred peers of mixed NATs, each asking three others: every pair ends as its NATs allow. */
@ExtendWith(SeedInFailure.class)
class SwarmTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = 1)
    void hundredPeersReachTheirExpectedConnectionKinds(long seed) {
        ScenarioRunner.Report r = ScenarioRunner.run(Scenario.swarm(100, 3, seed, 0.01, 5 * 60_000), null);
        assertThat(r.peers()).allMatch(ScenarioRunner.PeerReport::classifiedRight);
        assertThat(r.pairs()).hasSize(300).noneMatch(p -> p.kind().equals("failed"));
        // Pairs the strategy says relay always relay; direct ones may fall back to the relay only
        // when the birthday paradox missed (about 2% of birthday attempts).
        assertThat(r.pairs()).filteredOn(p -> p.expected().equals("relayed")).allMatch(p -> p.kind().equals("relayed"));
        assertThat(r.pairs()).filteredOn(p -> !p.kind().equals(p.expected()))
                .allMatch(p -> p.strategy().startsWith("BIRTHDAY") && p.probes() == 1000)
                .hasSizeLessThanOrEqualTo(8);
    }
}
