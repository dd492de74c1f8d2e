package org.ptpmesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.ptpmesh.sim.nat.NatModel;
import org.ptpmesh.trace.NdjsonTraceWriter;
import org.ptpmesh.wire.Endpoint;

/** One seed, one run: the NDJSON trace of a lossy, jittery punch is a function of the seed alone. */
class DeterminismTest {

    private static String traceOf(long seed) {
        Simulation sim = new Simulation(seed);
        sim.setDefaultUplink(LinkProfile.ofLatency(10).withJitter(15).withLoss(0.2).withDuplication(0.05));
        NatRouter natA = sim.addNat("nat-a", NatModel.linuxMasquerade());
        NatRouter natB = sim.addNat("nat-b", NatModel.hard());
        StringWriter out = new StringWriter();
        sim.addTraceSink(new NdjsonTraceWriter(out));
        Endpoint aPublic = new Endpoint(natA.publicAddress(), HolePuncher.PORT);
        Endpoint bPublic = new Endpoint(natB.publicAddress(), HolePuncher.PORT);
        natA.lan().addHost("a").start(new HolePuncher("a", bPublic, 0, 2, 50, 20, 30));
        natB.lan().addHost("b").start(new HolePuncher("b", aPublic, 0, 2, 50, 20, 30));
        sim.runFor(3_000);
        return out + sim.stats().toString();
    }

    @Property(tries = 20)
    void theSameSeedGivesTheSameTrace(@ForAll long seed) {
        assertThat(traceOf(seed)).isEqualTo(traceOf(seed));
    }

    @Property(tries = 20)
    void anotherSeedGivesAnotherTrace(@ForAll long seed) {
        assertThat(traceOf(seed)).isNotEqualTo(traceOf(seed + 1));
    }
}
