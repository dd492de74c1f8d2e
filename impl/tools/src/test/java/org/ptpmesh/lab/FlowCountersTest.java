package org.ptpmesh.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The arithmetic of the bottleneck tests: Jain's index and the window in which flows share a link. No root needed. */
class FlowCountersTest {

    private static FlowCounters.Sample at(long millis, long... bytes) {
        return new FlowCounters.Sample(millis, bytes);
    }

    @Test
    void jainIsOneForEqualRatesAndOneOverNForAMonopoly() {
        assertThat(FlowCounters.jain(new double[] {40, 40})).isEqualTo(1.0);
        assertThat(FlowCounters.jain(new double[] {80, 0})).isEqualTo(0.5);
        assertThat(FlowCounters.jain(new double[] {60, 20})).isCloseTo(0.8, within(1e-9));
    }

    @Test
    void sharedWindowStartsAfterTheWarmupAndEndsWhenAFlowStops() {
        List<FlowCounters.Sample> samples = List.of(
                at(0, 0, 0),
                at(200, 100, 0),        // only the first flow runs
                at(400, 200, 50),       // both run: the warm-up starts here
                at(1400, 1200, 1050),   // the window starts here
                at(2400, 2200, 2050),
                at(3400, 3000, 3050),   // the last sample in which both grew: the window ends here
                at(3600, 3000, 3300));  // the first flow has finished
        FlowCounters.Window w = FlowCounters.shared(samples, 1_000);
        assertThat(w.seconds()).isEqualTo(2.0);
        assertThat(w.bitsPerSecond()).containsExactly(1800 * 8 / 2.0, 2000 * 8 / 2.0);
    }

    @Test
    void flowsThatNeverRanTogetherHaveNoSharedWindow() {
        List<FlowCounters.Sample> samples = List.of(at(0, 0, 0), at(200, 100, 0), at(400, 200, 0));
        assertThatThrownBy(() -> FlowCounters.shared(samples, 0)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("never all carried bytes");
    }
}
