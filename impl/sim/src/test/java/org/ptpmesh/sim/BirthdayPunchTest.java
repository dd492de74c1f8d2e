package org.ptpmesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.ptpmesh.sim.nat.NatModel;
import org.ptpmesh.wire.Endpoint;

/**
 * The birthday-paradox punch between an Easy and a Hard NAT (docs/peer.md, "Connecting" and "Openers"). With Linux
 * conntrack on both, the Hard side's 256 pings reach the Easy NAT first and each leaves a
 * conntrack entry there, so the Easy side's probes towards those very ports leave from a shifted
 * port and are filtered by the Hard NAT: it never connects. Sent with TTL 2 the 256 datagrams
 * only open the Hard NAT, and about 98% of runs connect within 1000 probes.
 */
class BirthdayPunchTest {

    /** The Easy side starts probing after the Hard side's pings have reached its NAT. */
    private static final long PROBES_START = 100;
    private static final int SEEDS = 20;

    private static boolean punch(long seed, NatModel easyNat, NatModel hardNat, int sprayTtl) {
        Simulation sim = new Simulation(seed);
        NatRouter easy = sim.addNat("easy", easyNat);
        NatRouter hard = sim.addNat("hard", hardNat);
        BirthdayProber prober = new BirthdayProber(hard.publicAddress(), PROBES_START, sim.random("prober"));
        BirthdaySprayer sprayer = new BirthdaySprayer(new Endpoint(easy.publicAddress(), BirthdayProber.PORT),
                0, sprayTtl, sim.random("sprayer"));
        easy.lan().addHost("e").start(prober);
        hard.lan().addHost("h").start(sprayer);
        long lastProbe = PROBES_START + BirthdayProber.INTERVAL * BirthdayProber.MAX_PROBES;
        return sim.runUntil(lastProbe + 1_000, () -> prober.reached && sprayer.reached);
    }

    private static long successes(NatModel easyNat, NatModel hardNat, int sprayTtl) {
        return LongStream.rangeClosed(1, SEEDS).filter(seed -> punch(seed, easyNat, hardNat, sprayTtl)).count();
    }

    @Property(tries = 25)
    void withoutOpenersItNeverConnectsAcrossLinuxNats(@ForAll long seed) {
        assertThat(punch(seed, NatModel.linuxMasquerade(), NatModel.linuxMasqueradeFullyRandom(), 0)).isFalse();
    }

    @Test
    void ttlLimitedOpenersFromTheHardSideMakeItConnectAlmostAlways() {
        assertThat(successes(NatModel.linuxMasquerade(), NatModel.linuxMasqueradeFullyRandom(), 2))
                .isGreaterThanOrEqualTo(SEEDS - 3);
    }

    @Test
    void withoutConntrackPlainPingsConnectAlmostAlways() {
        assertThat(successes(NatModel.easy(), NatModel.hard(), 0)).isGreaterThanOrEqualTo(SEEDS - 3);
    }
}
