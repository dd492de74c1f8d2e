package org.ptpmesh.noise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link ReplayWindow} against a model that remembers every counter taken: a counter is accepted
 * exactly when it is not the reserved one, was never taken, and is above the highest taken or
 * less than {@link ReplayWindow#ACCEPTED_LAG} below it (all unsigned).
 */
class ReplayWindowPropertiesTest {

    /** The model: every counter taken, and the highest (0 before any, as the window starts). */
    private static final class Model {
        final Set<Long> taken = new HashSet<>();
        long highest;

        boolean fresh(long counter) {
            if (counter == NoiseLimits.RESERVED_NONCE || taken.contains(counter)) {
                return false;
            }
            return Long.compareUnsigned(counter, highest) > 0 || Long.compareUnsigned(highest - counter, ReplayWindow.ACCEPTED_LAG) < 0;
        }

        void take(long counter) {
            taken.add(counter);
            if (Long.compareUnsigned(counter, highest) > 0) {
                highest = counter;
            }
        }
    }

    @Property(tries = 500)
    void acceptsEachCounterOnceAndNoneTooOld(@ForAll("counters") List<Long> counters) {
        ReplayWindow window = new ReplayWindow();
        Model model = new Model();
        for (long counter : counters) {
            boolean expected = model.fresh(counter);
            assertThat(window.isFresh(counter)).as("isFresh(%s)", Long.toUnsignedString(counter)).isEqualTo(expected);
            assertThat(window.accept(counter)).as("accept(%s)", Long.toUnsignedString(counter)).isEqualTo(expected);
            if (expected) {
                model.take(counter);
            }
            assertThat(window.accept(counter)).as("accept(%s) again", Long.toUnsignedString(counter)).isFalse();
        }
    }

    /**
     * Counters as a receiver sees them: mostly near the last one (reordered, repeated, late by
     * about the window's size), sometimes anywhere; from 0, 2^63 or near the reserved 2^64-1.
     */
    @Provide
    Arbitrary<List<Long>> counters() {
        Arbitrary<Long> step = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.longs().between(-70, 70)),
                Tuple.of(1, Arbitraries.longs().between(-ReplayWindow.WINDOW_BITS - 70, -ReplayWindow.ACCEPTED_LAG + 70)),
                Tuple.of(1, Arbitraries.longs().between(ReplayWindow.WINDOW_BITS - 70, 3L * ReplayWindow.WINDOW_BITS)),
                Tuple.of(1, Arbitraries.longs()));
        Arbitrary<Long> start = Arbitraries.of(0L, 1L << 63, NoiseLimits.RESERVED_NONCE - 3000, 5000L);
        return start.flatMap(first -> step.list().ofMaxSize(400).map(steps -> walk(first, steps)));
    }

    private static List<Long> walk(long first, List<Long> steps) {
        List<Long> counters = new ArrayList<>();
        long at = first;
        for (long step : steps) {
            at += step;
            counters.add(at);
        }
        return counters;
    }
}
