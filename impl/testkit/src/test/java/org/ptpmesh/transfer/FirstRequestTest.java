package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.testkit.RecordingEffects.Sent;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;

/**
 * Before any block arrives the receiver has no RTT sample and its RTO is the initial second: a
 * lost first REQUEST must not cost that second, so the first REQUESTs go twice.
 */
class FirstRequestTest {

    private static final Endpoint SENDER = Endpoint.of("192.0.2.1", 7000);
    private static final Endpoint RECEIVER = Endpoint.of("192.0.2.2", 7000);

    private final RecordingEffects senderOut = new RecordingEffects();
    private final RecordingEffects receiverOut = new RecordingEffects();
    private final MemoryStore store = new MemoryStore();
    private final List<TransferReport> reports = new ArrayList<>();
    private final TransferEndpoint sender = new TransferEndpoint(TransferConfig.defaults(), PeerId.of(new byte[16]), "sender",
            (o, f) -> new BlockStore.Refused("sends only"), TransferEndpoint.Catalog.NONE, TransferListener.NONE,
            new SplittableRandom(1));
    private final TransferEndpoint receiver = new TransferEndpoint(TransferConfig.defaults(),
            PeerId.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}), "receiver", store,
            TransferEndpoint.Catalog.NONE, reports::add, new SplittableRandom(2));

    @Test
    void theFirstRequestGoesTwiceSoLosingOneCostsNoTimeout() {
        byte[] object = new byte[200_000];
        new SplittableRandom(3).nextBytes(object);
        MemorySource source = new MemorySource(object);
        sender.offer("x.bin", source, source.sha256(), new Route.Direct(7000, RECEIVER), 0, senderOut);
        receiver.onMessage(only(senderOut.drain(), MessageKind.OFFER), new Route.Direct(7000, SENDER), 0, receiverOut);

        List<Sent> firstRequests = receiverOut.drain();
        assertThat(firstRequests).hasSize(2).allMatch(s -> s.message().kind() == MessageKind.REQUEST);
        assertThat(firstRequests.get(0).payload()).isEqualTo(firstRequests.get(1).payload());

        // the first copy is lost; the second is served, and from then on no timer is needed
        long now = 1;
        List<Sent> toSender = List.of(firstRequests.get(1));
        int requestsAfterFirstBlock = 0;
        while (!toSender.isEmpty() && now < 100) {
            for (Sent request : toSender) {
                sender.onMessage(request.payload(), new Route.Direct(7000, RECEIVER), now, senderOut);
            }
            for (Sent block : senderOut.drain()) {
                receiver.onMessage(block.payload(), new Route.Direct(7000, SENDER), now, receiverOut);
            }
            toSender = receiverOut.drain().stream().filter(s -> s.message().kind() == MessageKind.REQUEST).toList();
            requestsAfterFirstBlock += toSender.size();
            assertThat(toSender).extracting(s -> new String(s.payload(), StandardCharsets.ISO_8859_1))
                    .as("no REQUEST twice once blocks arrive").doesNotHaveDuplicates();
            now++;
        }
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).outcome()).isEqualTo(TransferReport.Outcome.COMPLETE);
        assertThat(reports.get(0).endedAt()).as("completed long before the initial RTO of 1 s").isLessThan(100);
        assertThat(requestsAfterFirstBlock).isPositive();
        assertThat(store.object("x.bin")).isEqualTo(object);
    }

    private static byte[] only(List<Sent> sent, MessageKind kind) {
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).message().kind()).isEqualTo(kind);
        return sent.get(0).payload();
    }
}
