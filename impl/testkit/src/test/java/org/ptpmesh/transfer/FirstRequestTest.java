package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ptpmesh.testkit.RecordingEffects.Sent;
import org.ptpmesh.wire.MessageKind;

/**
 * Before anything arrives the receiver has no RTT sample and its RTO is the initial second: a
 * lost first REQUEST (the hash lists the first blocks need) must not cost that second, so the
 * first REQUESTs go twice; the answer to the first one gives the sample, and blocks are then
 * asked for once.
 */
class FirstRequestTest {

    private final EndpointPair pair = new EndpointPair(TransferConfig.defaults());

    @Test
    void theFirstRequestGoesTwiceSoLosingOneCostsNoTimeout() {
        byte[] object = new byte[200_000];
        new SplittableRandom(3).nextBytes(object);
        List<Sent> firstRequests = pair.offerAndValidate("x.bin", object, 0);
        assertThat(firstRequests).hasSize(2).allMatch(s -> s.message().kind() == MessageKind.REQUEST);
        assertThat(firstRequests.get(0).payload()).isEqualTo(firstRequests.get(1).payload());

        // the first copy is lost; the second is served, and from then on no timer is needed
        long now = 1;
        List<Sent> toSender = List.of(firstRequests.get(1));
        int blockRequests = 0;
        while (!toSender.isEmpty() && now < 100) {
            pair.toSender(toSender, now);
            pair.toReceiver(pair.senderOut.drain(), now);
            toSender = EndpointPair.only(pair.receiverOut.drain(), MessageKind.REQUEST);
            blockRequests += (int) toSender.stream().filter(EndpointPair::asksForBlocks).count();
            assertThat(toSender).extracting(s -> new String(s.payload(), StandardCharsets.ISO_8859_1))
                    .as("no REQUEST twice once an answer arrived").doesNotHaveDuplicates();
            now++;
        }
        assertThat(pair.receiverReports).hasSize(1);
        assertThat(pair.receiverReports.get(0).outcome()).isEqualTo(TransferReport.Outcome.COMPLETE);
        assertThat(pair.receiverReports.get(0).endedAt()).as("completed long before the initial RTO of 1 s").isLessThan(100);
        assertThat(blockRequests).isPositive();
        assertThat(pair.store.object("x.bin")).isEqualTo(object);
    }
}
