package org.ptpmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The introducer design's thresholds with strict comparisons. */
class PeerStateTest {

    private static final long K = 29_000;

    @Test
    void boundariesAreStrict() {
        assertThat(PeerState.after(0, K)).isEqualTo(PeerState.ACTIVE);
        assertThat(PeerState.after(43_500, K)).isEqualTo(PeerState.ACTIVE); // exactly 1.5 x
        assertThat(PeerState.after(43_501, K)).isEqualTo(PeerState.INACTIVE);
        assertThat(PeerState.after(87_000, K)).isEqualTo(PeerState.INACTIVE); // exactly 3 x
        assertThat(PeerState.after(87_001, K)).isEqualTo(PeerState.MISSING);
        assertThat(PeerState.after(145_000, K)).isEqualTo(PeerState.MISSING); // exactly 5 x
        assertThat(PeerState.after(145_001, K)).isEqualTo(PeerState.FORGOTTEN);
    }

    @Property
    void matchesTheSeedsFloatingPointDefinition(@ForAll @LongRange(max = 1_000_000) long silent,
                                                @ForAll @LongRange(min = 1, max = 100_000) long keepAlive) {
        PeerState expected = silent > keepAlive * 5.0 ? PeerState.FORGOTTEN
                : silent > keepAlive * 3.0 ? PeerState.MISSING
                : silent > keepAlive * 1.5 ? PeerState.INACTIVE : PeerState.ACTIVE;
        assertThat(PeerState.after(silent, keepAlive)).isEqualTo(expected);
    }
}
