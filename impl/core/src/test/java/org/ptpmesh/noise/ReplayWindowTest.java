package org.ptpmesh.noise;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {

    @Test
    void theFirstCounterMayBeZeroAndCountsOnce() {
        ReplayWindow window = new ReplayWindow();
        assertThat(window.accept(0)).isTrue();
        assertThat(window.accept(0)).isFalse();
        assertThat(window.accept(1)).isTrue();
    }

    @Test
    void aLateCounterIsAcceptedUpToTheLagAndNotBeyond() {
        ReplayWindow window = new ReplayWindow();
        long highest = 100_000;
        assertThat(window.accept(highest)).isTrue();
        assertThat(window.accept(highest - ReplayWindow.ACCEPTED_LAG + 1)).isTrue();
        assertThat(window.accept(highest - ReplayWindow.ACCEPTED_LAG)).isFalse();
        assertThat(window.accept(0)).isFalse();
    }

    @Test
    void aJumpForgetsTheCountersOfTheRingsEarlierRound() {
        ReplayWindow window = new ReplayWindow();
        // 5 and 5 + WINDOW_BITS share a bit of the ring: the jump must clear it, not call 5 + WINDOW_BITS a repeat
        assertThat(window.accept(5)).isTrue();
        assertThat(window.accept(5 + ReplayWindow.WINDOW_BITS + 64)).isTrue();
        assertThat(window.accept(5 + ReplayWindow.WINDOW_BITS)).isTrue();
        assertThat(window.accept(5)).isFalse();
    }

    @Test
    void countersAreUnsignedAndTheReservedOneIsNeverTaken() {
        ReplayWindow window = new ReplayWindow();
        long above2To63 = Long.MIN_VALUE + 7;
        assertThat(window.accept(above2To63)).isTrue();
        assertThat(window.accept(3)).as("2^63 below the highest").isFalse();
        assertThat(window.accept(NoiseLimits.RESERVED_NONCE - 1)).isTrue();
        assertThat(window.isFresh(NoiseLimits.RESERVED_NONCE)).isFalse();
        assertThat(window.accept(NoiseLimits.RESERVED_NONCE)).isFalse();
    }

    @Test
    void askingChangesNothing() {
        ReplayWindow window = new ReplayWindow();
        assertThat(window.isFresh(9)).isTrue();
        assertThat(window.isFresh(9)).isTrue();
        assertThat(window.accept(9)).isTrue();
        assertThat(window.isFresh(9)).isFalse();
    }
}
