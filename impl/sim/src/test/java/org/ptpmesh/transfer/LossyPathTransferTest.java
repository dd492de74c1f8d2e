package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptpmesh.sim.LinkProfile;
import org.ptpmesh.transfer.TransferReport.Outcome;

/**
 * A 24 MiB object over a path losing a tenth to nearly a third of the datagrams each way, or
 * reordering and duplicating them, with the default settings: losses are found from later
 * answers and random loss is told from congestion, so the transfer completes instead of sinking
 * to the minimum window after a string of timeouts; and a path that drops everything ends with
 * an error before the sender's idle timeout.
 */
class LossyPathTransferTest {

    private static final int SIZE = 24 << 20;

    @ParameterizedTest
    @ValueSource(doubles = {0.10, 0.20, 0.30})
    void aLargeObjectCompletesAndVerifiesOnAPathLosingThisShareEachWay(double loss) {
        LinkProfile link = LinkProfile.ofLatency(10).withJitter(2);
        SimTransferPair pair = new SimTransferPair(24, link, TransferConfig.defaults());
        // every datagram crosses the receiver's link once, either way: this is the loss of each direction
        pair.receiverHost.setLink(link.withLoss(loss));
        byte[] data = TransferSimulationTest.object(SIZE, 24);
        pair.offer("lossy24.bin", data);
        assertThat(pair.runUntilBothReported(140_000)).as("ended within 140 s").isTrue();
        TransferReport report = pair.receiverReport();
        assertThat(report.outcome()).as(report.detail()).isEqualTo(Outcome.COMPLETE);
        assertThat(pair.store.object("lossy24.bin")).isEqualTo(data);
        // losses are found from later answers, not by timeouts, and seldom where there was none
        long probes = pair.events("receiver").stream().filter("RequestTimeout"::equals).count();
        assertThat(probes).as("probe timeouts").isLessThan(report.retransmittedBlocks() / 100 + 5);
        assertThat(report.duplicateBlocks()).as("blocks that came twice").isLessThan(report.blocks() / 20);
        // lossless, 0.7 s; a window sized from the measured rate alone took 9 s at 30% loss
        assertThat(report.millis()).as("virtual ms").isLessThan(Math.round(20_000 * loss));
        // thousands of blocks lost, and the window cut only for the few bursts that looked like congestion
        assertThat(pair.events("receiver").stream().filter("ShrinkWindow"::equals).count()).as("window cuts").isLessThan(10);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.20})
    void reorderingAndDuplicationOnTopOfLossStillDeliverTheExactObject(double loss) {
        LinkProfile link = LinkProfile.ofLatency(10).withJitter(2);
        SimTransferPair pair = new SimTransferPair(26, link, TransferConfig.defaults());
        pair.receiverHost.setLink(link.withLoss(loss).withReordering(0.05, 15).withDuplication(0.05));
        byte[] data = TransferSimulationTest.object(SIZE, 26);
        pair.offer("shuffled24.bin", data);
        assertThat(pair.runUntilBothReported(140_000)).as("ended within 140 s").isTrue();
        TransferReport report = pair.receiverReport();
        assertThat(report.outcome()).as(report.detail()).isEqualTo(Outcome.COMPLETE);
        assertThat(pair.store.object("shuffled24.bin")).isEqualTo(data);
        assertThat(report.duplicateBlocks()).as("duplicated by the path").isPositive();
        assertThat(pair.senderReport().outcome()).isEqualTo(Outcome.COMPLETE);
    }

    @Test
    void aPathThatDropsEverythingEndsWithAClearErrorWithinTheIdleTimeout() {
        LinkProfile link = LinkProfile.ofLatency(10).withJitter(2);
        SimTransferPair pair = new SimTransferPair(27, link, TransferConfig.defaults());
        byte[] data = TransferSimulationTest.object(SIZE, 27);
        pair.offer("dead.bin", data);
        pair.sim.runFor(300);
        assertThat(pair.store.blocksHeld("dead.bin")).as("blocks before the path died").isPositive();
        long cut = pair.sim.now();
        pair.receiverHost.setLink(link.withLoss(1.0));
        long idle = TransferDefaults.IDLE_SECONDS * 1_000;
        assertThat(pair.runUntilBothReported(2 * idle)).isTrue();
        TransferReport report = pair.receiverReport();
        assertThat(report.outcome()).isEqualTo(Outcome.GAVE_UP);
        assertThat(report.detail()).startsWith("nothing arrived for " + TransferDefaults.MAX_RETRIES + " probe timeouts in a row");
        assertThat(report.endedAt() - cut).as("ms from the cut to giving up").isLessThan(idle);
        assertThat(pair.trace).filteredOn(e -> e.event().equals("RequestTimeout") && e.params().containsKey("gaveUp")).hasSize(1);
        assertThat(pair.senderReport().outcome()).isEqualTo(Outcome.FORGOTTEN);
    }
}
