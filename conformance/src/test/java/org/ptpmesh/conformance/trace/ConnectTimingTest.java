package org.ptpmesh.conformance.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The timing assumptions as the connect mapping checks them on a pair's events. */
class ConnectTimingTest {

    private final ConnectTiming timing = new ConnectTiming(2, 3);

    private void bothPunchDirectly() {
        timing.classified("A", 100);
        timing.classified("B", 100);
        timing.introTaken("A", 7, "direct");
        timing.introTaken("B", 7, "direct");
    }

    @Test
    void aRequestNeedsThePeersOwnClassificationFirst() {
        assertThat(timing.isRequestTimely("A", 50)).isFalse();
        timing.classified("A", 100);
        assertThat(timing.isRequestTimely("A", 99)).isFalse();
        assertThat(timing.isRequestTimely("A", 100)).isTrue();
    }

    @Test
    void aRequestAfterAGiveUpWaitsForConntrackToForget() {
        bothPunchDirectly();
        timing.isRoundTimely("B", 1);
        timing.isRoundTimely("A", 1);
        assertThat(timing.isGiveUpTimely("A", 1_000)).isTrue();
        assertThat(timing.isRequestTimely("A", 1_000 + ConnectTiming.RETRY_AFTER_EXPIRY_MS - 1)).isFalse();
        assertThat(timing.isRequestTimely("A", 1_000 + ConnectTiming.RETRY_AFTER_EXPIRY_MS)).isTrue();
    }

    @Test
    void aRoundBeforeTheOtherPeersOpenersBreaksOpenersFirst() {
        bothPunchDirectly();
        timing.openerSent("A");
        assertThat(timing.isRoundTimely("A", 1)).as("B has not sent its opener").isFalse();
        timing.openerSent("B");
        assertThat(timing.isRoundTimely("B", 1)).isTrue();
    }

    @Test
    void aRoundTwoAheadOfTheOtherPeerBreaksRoundsInStep() {
        bothPunchDirectly();
        timing.openerSent("A");
        timing.openerSent("B");
        assertThat(timing.isRoundTimely("A", 1)).isTrue();
        assertThat(timing.isRoundTimely("A", 2)).as("B has not had round 1").isFalse();
        assertThat(timing.isRoundTimely("B", 1)).isTrue();
        assertThat(timing.isRoundTimely("A", 2)).isTrue();
    }

    @Test
    void aMappedPeerSendsNoOpenerAndPunchesMappedWaitRoundsLate() {
        timing.portMapped("A");
        bothPunchDirectly();
        timing.openerSent("B");
        // A's NAT forwards its mapped port: B punches at once, A only MAPPED_WAIT rounds later
        assertThat(timing.isRoundTimely("B", 1)).as("A sends no opener").isTrue();
        assertThat(timing.isRoundTimely("B", ConnectTiming.MAPPED_WAIT + 1)).as("A waits").isTrue();
        assertThat(timing.isRoundTimely("B", ConnectTiming.MAPPED_WAIT + 2)).as("one round too many").isFalse();
        assertThat(timing.isRoundTimely("A", 1)).isTrue();
    }

    @Test
    void theHardSideGivesUpOnlyAfterTheEasySidesProbes() {
        timing.introTaken("A", 3, "probe");
        timing.introTaken("B", 3, "open");
        timing.portOpened("B");
        timing.portOpened("B");
        assertThat(timing.isProbeTimely("A")).isTrue();
        assertThat(timing.isProbeTimely("A")).isTrue();
        assertThat(timing.isGiveUpTimely("B", 5_000)).as("2 of 3 probes sent").isFalse();
        assertThat(timing.isProbeTimely("A")).isTrue();
        assertThat(timing.isGiveUpTimely("B", 6_000)).isTrue();
    }

    @Test
    void aProbeBeforeTheHardSidesOpenersBreaksOpenersFirst() {
        timing.introTaken("A", 3, "probe");
        timing.introTaken("B", 3, "open");
        timing.portOpened("B");
        assertThat(timing.isProbeTimely("A")).as("one of two openers").isFalse();
    }
}
