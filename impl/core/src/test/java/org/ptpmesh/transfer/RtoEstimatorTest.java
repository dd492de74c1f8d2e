package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 6298's arithmetic, section 2 and 5.5. */
class RtoEstimatorTest {

    @Test
    void startsAtTheInitialValue() {
        assertThat(new RtoEstimator(1_000, 10, 60_000).rto()).isEqualTo(1_000);
    }

    @Test
    void theFirstSampleSetsSrttAndHalfOfItAsVariance() {
        RtoEstimator rto = new RtoEstimator(1_000, 10, 60_000);
        rto.sample(100);
        assertThat(rto.srtt()).isEqualTo(100.0);
        assertThat(rto.rto()).isEqualTo(100 + 4 * 50);
    }

    @Test
    void laterSamplesAreSmoothedWithAnEighthAndAQuarter() {
        RtoEstimator rto = new RtoEstimator(1_000, 10, 60_000);
        rto.sample(100);
        rto.sample(200);
        // RTTVAR = 3/4 * 50 + 1/4 * |100 - 200| = 62.5; SRTT = 7/8 * 100 + 1/8 * 200 = 112.5
        assertThat(rto.srtt()).isEqualTo(112.5);
        assertThat(rto.rto()).isEqualTo(Math.round(112.5 + 4 * 62.5));
    }

    @Test
    void aTimeoutDoublesItUpToTheCeilingAndASampleBringsItBack() {
        RtoEstimator rto = new RtoEstimator(1_000, 10, 3_000);
        rto.backOff();
        assertThat(rto.rto()).isEqualTo(2_000);
        rto.backOff();
        assertThat(rto.rto()).isEqualTo(3_000);
        rto.sample(20);
        assertThat(rto.rto()).isEqualTo(60);
    }

    @Test
    void neverBelowTheFloor() {
        RtoEstimator rto = new RtoEstimator(1_000, 30, 3_000);
        rto.sample(0);
        assertThat(rto.rto()).isEqualTo(30);
    }

    @Test
    void aDeliveryWithoutASampleEndsTheBackOff() {
        RtoEstimator rto = new RtoEstimator(1_000, 30, 5_000);
        rto.sample(40);
        long estimate = rto.rto();
        rto.backOff();
        rto.backOff();
        assertThat(rto.rto()).isEqualTo(4 * estimate);
        rto.endBackOff();
        assertThat(rto.rto()).isEqualTo(estimate);
    }

    @Test
    void withoutAnyEstimateTheBackOffStays() {
        RtoEstimator rto = new RtoEstimator(1_000, 30, 5_000);
        rto.backOff();
        rto.endBackOff();
        assertThat(rto.rto()).isEqualTo(2_000);
    }
}
