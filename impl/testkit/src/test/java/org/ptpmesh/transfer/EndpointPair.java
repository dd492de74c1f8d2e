package org.ptpmesh.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.testkit.RecordingEffects.Sent;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;

/** A sender and a receiver endpoint driven by hand, each datagram between them delivered (or not) by the test. */
final class EndpointPair {

    static final Endpoint SENDER = Endpoint.of("192.0.2.1", 7000);
    static final Endpoint RECEIVER = Endpoint.of("192.0.2.2", 7000);
    static final PeerId SENDER_ID = PeerId.of(new byte[16]);
    static final PeerId RECEIVER_ID = PeerId.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});

    final RecordingEffects senderOut = new RecordingEffects();
    final RecordingEffects receiverOut = new RecordingEffects();
    final MemoryStore store = new MemoryStore();
    final List<TransferReport> senderReports = new ArrayList<>();
    final List<TransferReport> receiverReports = new ArrayList<>();
    final TransferEndpoint sender;
    final TransferEndpoint receiver;

    EndpointPair(TransferConfig config) {
        sender = new TransferEndpoint(config, SENDER_ID, "sender", BlockStore.NONE, TransferEndpoint.Catalog.NONE,
                senderReports::add, new SplittableRandom(1));
        receiver = new TransferEndpoint(config, RECEIVER_ID, "receiver", store, TransferEndpoint.Catalog.NONE,
                receiverReports::add, new SplittableRandom(2));
    }

    static Route.Direct toReceiver() {
        return new Route.Direct(7000, RECEIVER);
    }

    static Route.Direct toSender() {
        return new Route.Direct(7000, SENDER);
    }

    /**
     * The sender offers {@code object}; the OFFER, the receiver's RETRY and the OFFER with its
     * cookie are delivered at {@code now}. Returns what the receiver sent then: its first REQUESTs.
     */
    List<Sent> offerAndValidate(String name, byte[] object, long now) {
        MemorySource source = new MemorySource(object);
        sender.offer(name, source, source.sha256(), toReceiver(), now, senderOut);
        toReceiver(senderOut.drain(), now);
        toSender(receiverOut.drain(), now);
        toReceiver(senderOut.drain(), now);
        return receiverOut.drain();
    }

    /**
     * {@link #offerAndValidate}, then hash lists asked for and delivered until the receiver asks
     * for blocks: returns those REQUESTs (not delivered).
     */
    List<Sent> offerUntilBlocksAreAskedFor(String name, byte[] object, long now) {
        List<Sent> requests = offerAndValidate(name, object, now);
        while (requests.stream().noneMatch(EndpointPair::asksForBlocks)) {
            if (requests.isEmpty()) {
                throw new AssertionError("the receiver asked for nothing");
            }
            toSender(requests, now);
            toReceiver(senderOut.drain(), now);
            requests = receiverOut.drain();
        }
        return requests;
    }

    static boolean asksForBlocks(Sent s) {
        return s.message().kind() == MessageKind.REQUEST && s.message().has(org.ptpmesh.wire.TlvTypes.BLOCKNUM);
    }

    void toSender(List<Sent> datagrams, long now) {
        for (Sent s : datagrams) {
            sender.onMessage(s.payload(), toReceiver(), now, senderOut);
        }
    }

    void toReceiver(List<Sent> datagrams, long now) {
        for (Sent s : datagrams) {
            receiver.onMessage(s.payload(), toSender(), now, receiverOut);
        }
    }

    static List<Sent> only(List<Sent> sent, MessageKind kind) {
        return sent.stream().filter(s -> s.message().kind() == kind).toList();
    }
}
