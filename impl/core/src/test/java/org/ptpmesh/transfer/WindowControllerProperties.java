package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link WindowController} as a state machine fed arrivals and losses: whatever happens the
 * window stays within its bounds; random loss of a steady share, up to half of the requests,
 * neither cuts it nor keeps it below the lossless window; loss rising above the steady share,
 * or a queue forming, cuts it.
 */
class WindowControllerProperties {

    private static final int MIN = 4;
    private static final int MAX = 8_192;
    private static final int NO_QUEUE_BOUND = Integer.MAX_VALUE;
    private static final long RTT = 40;

    @Property(tries = 200)
    void theWindowStaysWithinItsBounds(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4_000) int steps) {
        SplittableRandom random = new SplittableRandom(seed);
        WindowController w = new WindowController(16, MIN, MAX, random.nextBoolean() ? NO_QUEUE_BOUND : random.nextInt(1, 2_000));
        long now = 0;
        for (int i = 0; i < steps; i++) {
            now += random.nextInt(5);
            if (random.nextInt(4) == 0) {
                w.lost(now);
            } else {
                w.delivered(now, random.nextBoolean() ? random.nextInt(500) : -1);
            }
            assertThat(w.window()).isBetween(MIN, MAX);
        }
    }

    @Property(tries = 60)
    void randomLossOfASteadyShareNeitherCutsNorLowersTheWindow(@ForAll long seed,
                                                               @ForAll @DoubleRange(min = 0, max = 0.5) double loss) {
        Run clean = run(new SplittableRandom(seed), 0, 0, RTT);
        Run lossy = run(new SplittableRandom(seed), loss, loss, RTT);
        assertThat(lossy.cuts).as("cuts at %.2f loss", loss).isZero();
        assertThat(lossy.window.window()).isGreaterThanOrEqualTo(clean.window.window() * 9 / 10);
    }

    @Property(tries = 60)
    void lossRisingWellAboveTheSteadyShareCutsTheWindow(@ForAll long seed, @ForAll @DoubleRange(min = 0, max = 0.3) double loss) {
        Run run = run(new SplittableRandom(seed), loss, loss + 0.3, RTT);
        assertThat(run.lossCuts).isPositive();
    }

    @Property(tries = 30)
    void aQueueFormingCutsTheWindow(@ForAll long seed) {
        Run run = run(new SplittableRandom(seed), 0, 0, 4 * RTT);
        assertThat(run.queueCuts).isPositive();
    }

    /** What a run of {@link #run} left. */
    private record Run(WindowController window, int cuts, int lossCuts, int queueCuts) {
    }

    /**
     * Ten blocks requested per millisecond for 4 s with a {@value #RTT} ms round trip, each lost
     * with probability {@code loss}; then 1 s with {@code laterLoss} and round trip {@code laterRtt}.
     */
    private static Run run(SplittableRandom random, double loss, double laterLoss, long laterRtt) {
        WindowController w = new WindowController(16, MIN, MAX, NO_QUEUE_BOUND);
        int cuts = 0;
        int lossCuts = 0;
        int queueCuts = 0;
        for (long t = 0; t < 5_000; t++) {
            boolean later = t >= 4_000;
            for (int i = 0; i < 10; i++) {
                WindowController.Congestion c = random.nextDouble() < (later ? laterLoss : loss)
                        ? w.lost(t) : w.delivered(t, later ? laterRtt : RTT);
                if (c != WindowController.Congestion.NONE && !later) {
                    cuts++;
                }
                if (c == WindowController.Congestion.LOSS && later) {
                    lossCuts++;
                }
                if (c == WindowController.Congestion.QUEUE && later) {
                    queueCuts++;
                }
            }
        }
        return new Run(w, cuts, lossCuts, queueCuts);
    }
}
