package org.ptpmesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptpmesh.sim.nat.NatModel;
import org.ptpmesh.sim.nat.UnsolicitedEntry;
import org.ptpmesh.wire.Endpoint;

/**
 * A direct punch between two Easy NATs, with the measured Linux behaviour (docs/simulator.md, "Conntrack"): the
 * side that starts first has its first ping reach the other NAT before that side has sent
 * anything; conntrack remembers it, and the other side's own ping then leaves from a different
 * public port, so neither hole is where the peer aims. TTL-limited openers avoid exactly that.
 */
class ConntrackPunchTest {

    /** The introducer's two messages reach the peers this far apart. */
    private static final long SKEW = 50;
    private static final long OPENER_LEAD = 100;

    private record Punch(Simulation sim, NatRouter natA, NatRouter natB, HolePuncher a, HolePuncher b) {
        boolean connected() {
            return a.heardFromPeer() && b.heardFromPeer();
        }
    }

    private static Punch punch(long seed, NatModel model, int openerTtl) {
        Simulation sim = new Simulation(seed);
        NatRouter natA = sim.addNat("nat-a", model);
        NatRouter natB = sim.addNat("nat-b", model);
        // the public endpoints an introducer would have reported: ports are kept when free
        Endpoint aPublic = new Endpoint(natA.publicAddress(), HolePuncher.PORT);
        Endpoint bPublic = new Endpoint(natB.publicAddress(), HolePuncher.PORT);
        HolePuncher a = new HolePuncher("a", bPublic, 0, openerTtl, OPENER_LEAD, 20, 50);
        HolePuncher b = new HolePuncher("b", aPublic, SKEW, openerTtl, OPENER_LEAD, 20, 50);
        natA.lan().addHost("a").start(a);
        natB.lan().addHost("b").start(b);
        sim.runFor(5_000);
        return new Punch(sim, natA, natB, a, b);
    }

    @Test
    void naivePunchBetweenTwoLinuxNatsFails() {
        Punch p = punch(31, NatModel.linuxMasquerade(), 0);

        assertThat(p.connected()).as("seed %d", p.sim().seed()).isFalse();
        Endpoint aPublic = new Endpoint(p.natA().publicAddress(), HolePuncher.PORT);
        Endpoint bPublic = new Endpoint(p.natB().publicAddress(), HolePuncher.PORT);
        // a's first ping, unsolicited at nat-b, holds the tuple a:3456 -> nat-b:3456 ...
        assertThat(p.natB().unsolicitedEntries()).extracting(UnsolicitedEntry::remote, UnsolicitedEntry::publicEndpoint)
                .contains(org.assertj.core.groups.Tuple.tuple(aPublic, bPublic));
        // ... so b's own ping to a left from another port, where a does not listen for it
        assertThat(p.natB().flows()).singleElement()
                .satisfies(f -> assertThat(f.publicEndpoint().port()).isNotEqualTo(HolePuncher.PORT));
        assertThat(p.sim().stats().dropped(NetworkDropReason.NAT_FILTER)).isEqualTo(100);
    }

    @Test
    void theSameNaivePunchWorksWithoutConntrack() {
        Punch p = punch(31, NatModel.easy(), 0);

        assertThat(p.connected()).as("seed %d", p.sim().seed()).isTrue();
    }

    @Test
    void openersWithTtlTwoMakeThePunchWork() {
        Punch p = punch(31, NatModel.linuxMasquerade(), 2);

        assertThat(p.connected()).as("seed %d", p.sim().seed()).isTrue();
        assertThat(p.natA().unsolicitedEntries()).isEmpty();
        assertThat(p.natB().unsolicitedEntries()).isEmpty();
        assertThat(p.natA().flows()).singleElement()
                .satisfies(f -> assertThat(f.publicEndpoint().port()).isEqualTo(HolePuncher.PORT));
        assertThat(p.sim().stats().dropped(NetworkDropReason.TTL_EXPIRED)).isEqualTo(2);
    }

    /** TTL 3 passes the internet router and reaches the far NAT: the opener is itself unsolicited there. */
    @ParameterizedTest(name = "opener TTL {0}")
    @ValueSource(ints = {3, 4})
    void openersThatReachTheFarNatSpoilThePunch(int ttl) {
        Punch p = punch(31, NatModel.linuxMasquerade(), ttl);

        assertThat(p.connected()).as("seed %d", p.sim().seed()).isFalse();
    }
}
