package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.ptpmesh.sim.LinkProfile;
import org.ptpmesh.transfer.TransferReport.Outcome;

/** Whatever the object, block size and impairments: a completed object equals its source. */
class TransferProperties {

    @Property(tries = 40)
    void aCompletedObjectEqualsItsSource(@ForAll @IntRange(min = 0, max = 60_000) int size,
                                         @ForAll @IntRange(min = 1, max = 1352) int blockSize,
                                         @ForAll @DoubleRange(min = 0, max = 0.2) double loss,
                                         @ForAll @DoubleRange(min = 0, max = 0.1) double duplication,
                                         @ForAll @DoubleRange(min = 0, max = 0.2) double reordering,
                                         @ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        LinkProfile link = LinkProfile.ofLatency(5).withJitter(3).withLoss(loss).withDuplication(duplication)
                .withReordering(reordering, 15);
        SimTransferPair pair = new SimTransferPair(seed, link, TransferConfig.defaults().withBlockSize(blockSize)
                .withRetries(40, 2_000));
        byte[] data = TransferSimulationTest.object(size, seed);
        pair.offer("p.bin", data);
        assertThat(pair.runUntilBothReported(600_000)).as("seed %d", seed).isTrue();
        assertThat(pair.receiverReport().outcome()).as("seed %d: %s", seed, pair.receiverReport().detail())
                .isEqualTo(Outcome.COMPLETE);
        assertThat(pair.store.object("p.bin")).isEqualTo(data);
        assertThat(pair.trace).filteredOn(e -> e.event().equals("ReceiveBlock") && Boolean.TRUE.equals(e.params().get("new")))
                .hasSize(size == 0 ? 0 : (size + blockSize - 1) / blockSize);
    }
}
