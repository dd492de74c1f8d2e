package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A resumed reception asks only for the blocks it lacks, and for the hash lists those need: when
 * what it kept fills whole subtrees of the hash tree, the first list it needs lies past them.
 */
class ResumeTest {

    @Test
    void storedBlocksFillingWholeSubtreesAreSkippedAndTheRestArrives() {
        byte[] data = new byte[2_000 * 100];
        new SplittableRandom(4).nextBytes(data);
        EndpointPair pair = new EndpointPair(TransferConfig.defaults().withBlockSize(100));
        MemorySource source = new MemorySource(data);
        // blocks 0-1023 (the first level-2 node's) stored by an earlier attempt of the same object
        Offer earlier = new Offer(1, "r.bin", data.length, 100, source.sha256(), HashTree.of(source, 100).root(), Offer.Mode.PUSHED);
        BlockSink sink = ((BlockStore.Accepted) pair.store.open(earlier, EndpointPair.SENDER_ID)).sink();
        for (int block = 0; block < 1024; block++) {
            sink.write(block, data, block * 100, 100);
        }
        sink.suspend();

        pair.toSender(pair.offerUntilBlocksAreAskedFor("r.bin", data, 0), 0);
        for (int round = 0; round < 1000 && pair.receiverReports.isEmpty(); round++) {
            pair.toReceiver(pair.senderOut.drain(), round);
            pair.toSender(pair.receiverOut.drain(), round);
        }
        assertThat(pair.receiverReports).extracting(TransferReport::outcome).containsExactly(TransferReport.Outcome.COMPLETE);
        assertThat(pair.receiverReports.get(0).blocks()).isEqualTo(2000 - 1024);
        assertThat(pair.store.object("r.bin")).isEqualTo(data);
    }
}
