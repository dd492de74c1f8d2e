package org.ptpmesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ptpmesh.sim.nat.NatFlow;
import org.ptpmesh.sim.nat.NatModel;
import org.ptpmesh.wire.Endpoint;

/**
 * Two hosts, each behind a stateful firewall (IPv6's stand-in for a NAT: no translation, only
 * replies to flows the inside opened get in). A punch from one side alone never gets through;
 * both sides punching (a simultaneous open) does, and with low-TTL openers not one packet is
 * dropped by a firewall.
 */
class FirewallPunchTest {

    private static final long SKEW = 50;
    private static final long OPENER_LEAD = 100;
    private static final long NEVER = Long.MAX_VALUE / 2;
    private static final int PINGS = 50;

    private record Punch(Simulation sim, NatRouter fwA, NatRouter fwB, Host hostA, HolePuncher a, HolePuncher b) {
        boolean connected() {
            return a.heardFromPeer() && b.heardFromPeer();
        }
    }

    /** {@code bStartsAt} {@link #NEVER}: b only answers, it never punches. */
    private static Punch punch(long seed, int openerTtl, long bStartsAt) {
        Simulation sim = new Simulation(seed);
        NatRouter fwA = sim.addNat("fw-a", NatModel.statefulFirewall());
        NatRouter fwB = sim.addNat("fw-b", NatModel.statefulFirewall());
        Host hostA = fwA.lan().addHost("a");
        Host hostB = fwB.lan().addHost("b");
        // no translation: what an introducer reports is each host's own address and port
        Endpoint aPublic = new Endpoint(fwA.publicAddressOf(hostA), HolePuncher.PORT);
        Endpoint bPublic = new Endpoint(fwB.publicAddressOf(hostB), HolePuncher.PORT);
        HolePuncher a = new HolePuncher("a", bPublic, 0, openerTtl, OPENER_LEAD, 20, PINGS);
        HolePuncher b = new HolePuncher("b", aPublic, bStartsAt, openerTtl, OPENER_LEAD, 20, PINGS);
        hostA.start(a);
        hostB.start(b);
        sim.runFor(5_000);
        return new Punch(sim, fwA, fwB, hostA, a, b);
    }

    @Test
    void aPunchFromOneSideAloneNeverGetsThroughTheFarFirewall() {
        Punch p = punch(41, 0, NEVER);

        assertThat(p.connected()).isFalse();
        assertThat(p.b().heardFromPeer()).isFalse();
        assertThat(p.sim().stats().dropped(NetworkDropReason.NAT_FILTER)).isEqualTo(PINGS);
        assertThat(p.fwB().flows()).isEmpty();
    }

    @Test
    void aSimultaneousOpenGetsThroughBothFirewalls() {
        Punch p = punch(41, 0, SKEW);

        assertThat(p.connected()).isTrue();
        // a's first pings arrive before b has sent anything: b's firewall drops those
        assertThat(p.sim().stats().dropped(NetworkDropReason.NAT_FILTER)).isPositive();
        // addresses and ports are not translated: a's flow leaves as a itself
        assertThat(p.fwA().flows()).singleElement().satisfies(f -> {
            assertThat(f.publicEndpoint()).isEqualTo(f.inside());
            assertThat(f.inside()).isEqualTo(new Endpoint(p.hostA().address(), HolePuncher.PORT));
        });
    }

    @Test
    void lowTtlOpenersOpenBothFirewallsWithoutADrop() {
        Punch p = punch(41, 2, SKEW);

        assertThat(p.connected()).isTrue();
        assertThat(p.sim().stats().dropped(NetworkDropReason.NAT_FILTER)).isZero();
        assertThat(p.sim().stats().dropped(NetworkDropReason.TTL_EXPIRED)).isEqualTo(2);
        assertThat(p.fwB().flows()).extracting(NatFlow::remote)
                .containsExactly(new Endpoint(p.fwA().publicAddressOf(p.hostA()), HolePuncher.PORT));
    }
}
