package org.ptpmesh.dualstack;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.ptpmesh.peer.Path;

/** The family choice: direct beats relay beats none, then RTT with a tie margin that favours IPv6. */
class PathChoiceTest {

    private static FamilyPath four(Path path, long rtt) {
        return new FamilyPath(Family.IPV4, path, rtt);
    }

    private static FamilyPath six(Path path, long rtt) {
        return new FamilyPath(Family.IPV6, path, rtt);
    }

    @Provide
    Arbitrary<Long> rtts() {
        return Arbitraries.longs().between(-1, 10_000);
    }

    @Property
    void aBetterPathWinsWhateverTheRttsAndTheCurrentFamily(@ForAll Path a, @ForAll Path b, @ForAll("rtts") long rttA,
            @ForAll("rtts") long rttB, @ForAll Family current) {
        if (a.ordinal() == b.ordinal()) {
            return;
        }
        // Path is declared NONE, RELAY, DIRECT: a higher ordinal is the better path
        Family expected = a.ordinal() > b.ordinal() ? Family.IPV4 : Family.IPV6;
        assertThat(PathChoice.choose(four(a, rttA), six(b, rttB), current)).isEqualTo(expected);
        assertThat(PathChoice.choose(four(a, rttA), six(b, rttB), null)).isEqualTo(expected);
    }

    @Property
    void noPathInEitherFamilyIsNoChoice(@ForAll("rtts") long rttA, @ForAll("rtts") long rttB) {
        assertThat(PathChoice.choose(four(Path.NONE, rttA), six(Path.NONE, rttB), Family.IPV4)).isNull();
    }

    @Property
    void twoRelaysKeepTheCurrentFamilyAndStartOnIpv6(@ForAll("rtts") long rttA, @ForAll("rtts") long rttB,
            @ForAll Family current) {
        assertThat(PathChoice.choose(four(Path.RELAY, rttA), six(Path.RELAY, rttB), current)).isEqualTo(current);
        assertThat(PathChoice.choose(four(Path.RELAY, rttA), six(Path.RELAY, rttB), null)).isEqualTo(Family.IPV6);
    }

    @Property
    void ipv4WinsTwoDirectPathsOnlyWhenClearlyFaster(@ForAll @LongRange(min = 0, max = 10_000) long rtt4,
            @ForAll @LongRange(min = 0, max = 10_000) long rtt6) {
        boolean clearly = rtt6 - rtt4 > Math.max(PathChoice.TIE_MILLIS, rtt6 * PathChoice.TIE_FRACTION);
        assertThat(PathChoice.choose(four(Path.DIRECT, rtt4), six(Path.DIRECT, rtt6), Family.IPV4))
                .isEqualTo(clearly ? Family.IPV4 : Family.IPV6);
    }

    @Property
    void anUnmeasuredRttIsATie(@ForAll @LongRange(min = -1, max = 10_000) long measured) {
        assertThat(PathChoice.choose(four(Path.DIRECT, measured), six(Path.DIRECT, -1), Family.IPV4)).isEqualTo(Family.IPV6);
        assertThat(PathChoice.choose(four(Path.DIRECT, -1), six(Path.DIRECT, measured), Family.IPV4)).isEqualTo(Family.IPV6);
    }

    @Example
    void theMarginIsTenPercentOrOneMillisecond() {
        assertThat(PathChoice.choose(four(Path.DIRECT, 90), six(Path.DIRECT, 100), null)).isEqualTo(Family.IPV6);
        assertThat(PathChoice.choose(four(Path.DIRECT, 89), six(Path.DIRECT, 100), null)).isEqualTo(Family.IPV4);
        assertThat(PathChoice.choose(four(Path.DIRECT, 4), six(Path.DIRECT, 5), null)).isEqualTo(Family.IPV6);
        assertThat(PathChoice.choose(four(Path.DIRECT, 3), six(Path.DIRECT, 5), null)).isEqualTo(Family.IPV4);
    }
}
