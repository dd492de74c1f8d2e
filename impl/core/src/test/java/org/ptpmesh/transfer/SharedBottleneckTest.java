package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * Two {@link WindowController}s whose blocks share one bottleneck, as a fluid model: the link
 * carries {@value #LINK_BLOCKS_PER_MS} blocks per millisecond, everything in flight beyond what
 * the path holds waits in its queue, each window's blocks arrive at its share of the link, and
 * each block's round trip is the path's plus the queue's delay. Windows sized from each one's
 * own delivery rate keep whatever split they start with; additive increase with a cut on a
 * standing queue brings them to equal shares.
 */
class SharedBottleneckTest {

    /** About 100 Mbit/s in 1352-byte blocks. */
    private static final double LINK_BLOCKS_PER_MS = 9;
    private static final double BASE_RTT_MS = 0.3;

    @Property(tries = 40)
    void aTransferJoiningAnotherOnABottleneckGetsAnEqualShare(@ForAll @LongRange(min = 1, max = 3_000) long joinMillis) {
        double[] shares = run(joinMillis, joinMillis + 5_000);
        assertThat(jain(shares)).as("Jain's index of %.2f and %.2f blocks/ms", shares[0], shares[1]).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void twoTransfersStartingTogetherShareTheLinkAndFillIt() {
        double[] shares = run(0, 5_000);
        assertThat(jain(shares)).isGreaterThanOrEqualTo(0.95);
        assertThat(shares[0] + shares[1]).as("the link used").isGreaterThanOrEqualTo(0.95 * LINK_BLOCKS_PER_MS);
    }

    /**
     * The first transfer starts at 0, the second at {@code joinMillis}; returns each one's
     * blocks per millisecond over the last 2 s of {@code endMillis}.
     */
    private static double[] run(long joinMillis, long endMillis) {
        WindowController[] flows = {
                new WindowController(16, 4, 8192, Integer.MAX_VALUE),
                new WindowController(16, 4, 8192, Integer.MAX_VALUE)};
        double[] pending = new double[2];
        double[] counted = new double[2];
        for (long now = 0; now < endMillis; now++) {
            boolean both = now >= joinMillis;
            double inFlight = flows[0].window() + (both ? flows[1].window() : 0);
            double rtt = Math.max(BASE_RTT_MS, inFlight / LINK_BLOCKS_PER_MS);
            for (int i = 0; i < (both ? 2 : 1); i++) {
                // a window of blocks arrives per round trip, at most the link's rate in all
                double rate = flows[i].window() / rtt;
                pending[i] += rate;
                while (pending[i] >= 1) {
                    pending[i]--;
                    flows[i].delivered(now, (long) rtt);
                }
                if (now >= endMillis - 2_000) {
                    counted[i] += rate;
                }
            }
        }
        return new double[] {counted[0] / 2_000, counted[1] / 2_000};
    }

    private static double jain(double[] x) {
        double sum = x[0] + x[1];
        return sum * sum / (2 * (x[0] * x[0] + x[1] * x[1]));
    }
}
