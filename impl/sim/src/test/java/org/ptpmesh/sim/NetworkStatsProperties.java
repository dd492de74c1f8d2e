package org.ptpmesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.ptpmesh.sim.nat.NatModel;
import org.ptpmesh.wire.Endpoint;

/** Whatever the links do, every datagram sent or copied is accounted for exactly once. */
class NetworkStatsProperties {

    @Property(tries = 50)
    void everyDatagramIsDeliveredOrDroppedForOneReason(@ForAll long seed,
                                                       @ForAll @DoubleRange(max = 0.5) double loss,
                                                       @ForAll @DoubleRange(max = 0.5) double duplication,
                                                       @ForAll @IntRange(max = 30) int jitter,
                                                       @ForAll @IntRange(min = 1, max = 6) int openerTtl) {
        Simulation sim = new Simulation(seed);
        sim.setDefaultUplink(LinkProfile.ofLatency(5).withJitter(jitter).withLoss(loss).withDuplication(duplication));
        NatRouter natA = sim.addNat("nat-a", NatModel.linuxMasquerade());
        NatRouter natB = sim.addNat("nat-b", NatModel.addressRestrictedCone());
        Endpoint aPublic = new Endpoint(natA.publicAddress(), HolePuncher.PORT);
        Endpoint bPublic = new Endpoint(natB.publicAddress(), HolePuncher.PORT);
        natA.lan().addHost("a").start(new HolePuncher("a", bPublic, 0, openerTtl, 30, 10, 40));
        natB.lan().addHost("b").start(new HolePuncher("b", aPublic, 25, openerTtl, 30, 10, 40));
        sim.runFor(500);
        NetworkStats midway = sim.stats();
        assertThat(midway.sent() + midway.duplicated())
                .isEqualTo(midway.delivered() + midway.droppedTotal() + midway.inFlight());

        sim.runFor(10_000);

        NetworkStats stats = sim.stats();
        assertThat(stats.inFlight()).isZero();
        assertThat(stats.sent() + stats.duplicated()).isEqualTo(stats.delivered() + stats.droppedTotal());
        assertThat(stats.drops().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(stats.droppedTotal());
    }
}
