package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptpmesh.sim.LinkProfile;
import org.ptpmesh.transfer.TransferReport.Outcome;

/**
 * A 24 MiB object over a path losing a tenth to nearly a third of the datagrams each way, with
 * the default settings: random loss is told from congestion, so the transfer completes at a rate
 * close to what the loss leaves, not at the minimum window after a string of timeouts.
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
    }
}
