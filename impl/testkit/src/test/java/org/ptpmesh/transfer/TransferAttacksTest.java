package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.testkit.RecordingEffects.Sent;
import org.ptpmesh.transfer.TransferReport.Outcome;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.ErrorCode;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * Attacks on transfers under way by someone who knows what any FETCH or OFFER tells (the name,
 * size, hashes, peer ids and transfer id), from addresses of their own: none of them changes what
 * is received, and their numbers are bounded.
 */
class TransferAttacksTest {

    private static final byte[] MALLORY_ID = {6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6};

    private final EndpointPair pair = new EndpointPair(TransferConfig.defaults());
    private final TransferCodec mallory = new TransferCodec(MALLORY_ID);

    private static byte[] object(int size, long seed) {
        byte[] data = new byte[size];
        new SplittableRandom(seed).nextBytes(data);
        return data;
    }

    /** Delivers datagrams both ways, through {@code meddle} on the way to the receiver, until nothing moves. */
    private void run(long now, java.util.function.UnaryOperator<List<Sent>> meddle) {
        for (int rounds = 0; rounds < 10_000; rounds++) {
            List<Sent> toReceiver = meddle.apply(pair.senderOut.drain());
            List<Sent> toSender = pair.receiverOut.drain();
            if (toReceiver.isEmpty() && toSender.isEmpty()) {
                return;
            }
            pair.toReceiver(toReceiver, now);
            pair.toSender(toSender, now);
            now++;
        }
        throw new AssertionError("still talking after 10,000 rounds");
    }

    private long xferIdOf(List<Sent> requests) {
        return requests.get(0).message().uint(TlvTypes.XFERID).orElseThrow();
    }

    @Test
    void aForgedBlockFromAnotherPortIsIgnoredAndTheObjectArrivesIntact() {
        byte[] data = object(100_000, 1);
        List<Sent> requests = pair.offerUntilBlocksAreAskedFor("a.bin", data, 0);
        long xfer = xferIdOf(requests);
        // the sender's peer id and the transfer id are no secret; its port is all that differs
        TransferCodec forger = new TransferCodec(EndpointPair.SENDER_ID.bytes());
        for (int block = 0; block < 10; block++) {
            pair.receiver.onMessage(forger.block(xfer, block, new byte[BlockSizes.DIRECT], BlockSizes.DIRECT),
                    new Route.Direct(7000, Endpoint.of("192.0.2.1", 7001)), 0, pair.receiverOut);
        }
        assertThat(pair.receiver.drops().get("block_off_route")).isEqualTo(10);
        pair.toSender(requests, 0);
        run(1, sent -> sent);
        assertThat(pair.receiverReports).extracting(TransferReport::outcome).containsExactly(Outcome.COMPLETE);
        assertThat(pair.store.object("a.bin")).isEqualTo(data);
    }

    @Test
    void aCorruptedBlockIsAskedForAgainOnArrivalNotFoundAtTheEnd() {
        byte[] data = object(100_000, 2);
        pair.toSender(pair.offerUntilBlocksAreAskedFor("b.bin", data, 0), 0);
        List<Long> corrupted = new ArrayList<>();
        run(1, sent -> sent.stream().map(s -> {
            if (s.message().kind() == MessageKind.BLOCK && corrupted.size() < 3) {
                corrupted.add(s.message().uint(TlvTypes.BLOCKNUM).orElseThrow());
                byte[] bad = s.payload().clone();
                // a byte of the payload, and the checksum made right again: damage the checksum missed
                bad[bad.length - 100] ^= 0x40;
                return new Sent(s.localPort(), s.to(), fixChecksum(bad), s.ttl());
            }
            return s;
        }).toList());
        assertThat(pair.receiver.drops().get("block_corrupt")).isEqualTo(3);
        assertThat(pair.receiverOut.trace).filteredOn(e -> "corrupt".equals(e.params().get("reason")))
                .extracting(e -> ((Number) e.params().get("block")).longValue()).containsExactlyElementsOf(corrupted);
        assertThat(pair.receiverReports).extracting(TransferReport::outcome).containsExactly(Outcome.COMPLETE);
        assertThat(pair.receiverReports.get(0).retransmittedBlocks()).isEqualTo(3);
        assertThat(pair.store.object("b.bin")).isEqualTo(data);
    }

    private static byte[] fixChecksum(byte[] datagram) {
        int sum = org.ptpmesh.wire.Checksum.compute(datagram, 0, datagram.length - 2);
        datagram[datagram.length - 2] = (byte) (sum >>> 8);
        datagram[datagram.length - 1] = (byte) sum;
        return datagram;
    }

    /**
     * Mallory offers the very object being received (any FETCH of it tells name, size and hashes),
     * from an address of its own, cookie and all: refused, and the transfer goes on. Its own
     * sender offering again (same id, same address: a restart) supersedes it.
     */
    @Test
    void aSupersedeByAnotherSenderIsRefusedAndByTheSameSenderTaken() {
        byte[] data = object(200_000, 3);
        List<Sent> requests = pair.offerUntilBlocksAreAskedFor("c.bin", data, 0);
        MemorySource source = new MemorySource(data);
        Offer real = new Offer(xferIdOf(requests), "c.bin", data.length, BlockSizes.DIRECT, source.sha256(),
                HashTree.of(source, BlockSizes.DIRECT).root(), Offer.Mode.PUSHED);
        Route malloryRoute = new Route.Direct(7000, Endpoint.of("192.0.2.99", 7000));
        Offer forged = new Offer(4242, real.name(), real.size(), real.blockSize(), real.sha256(), real.hashRoot(), Offer.Mode.PUSHED);
        offerValidated(pair.receiver, mallory, forged, malloryRoute, 0, pair.receiverOut);
        assertThat(pair.receiver.drops().get("offer_of_another_sender")).isEqualTo(1);
        // the sender's peer id from another address is another sender too
        offerValidated(pair.receiver, new TransferCodec(EndpointPair.SENDER_ID.bytes()), forged, malloryRoute, 0, pair.receiverOut);
        assertThat(pair.receiver.drops().get("offer_of_another_sender")).isEqualTo(2);
        assertThat(pair.receiverReports).isEmpty();
        pair.receiverOut.drain();
        pair.toSender(requests, 0);
        run(1, sent -> sent);
        assertThat(pair.receiverReports).extracting(TransferReport::outcome).containsExactly(Outcome.COMPLETE);
        assertThat(pair.store.object("c.bin")).isEqualTo(data);

        EndpointPair again = new EndpointPair(TransferConfig.defaults());
        again.offerUntilBlocksAreAskedFor("d.bin", data, 0);
        again.offerUntilBlocksAreAskedFor("d.bin", data, 1);
        assertThat(again.receiverReports).extracting(TransferReport::detail).containsExactly("superseded by a newer offer from the same sender");
    }

    /**
     * A sender that restarted has a new peer id (and port): once its old transfer stalled, its
     * offer of the same object, hash root included, takes over and resumes. An offer of another
     * object under that name (a different root) does not, stalled or not.
     */
    @Test
    void aStalledTransferIsTakenOverOnlyByAnOfferOfTheSameObject() {
        byte[] data = object(200_000, 9);
        List<Sent> requests = pair.offerUntilBlocksAreAskedFor("f.bin", data, 0);
        pair.toSender(requests, 0);
        pair.toReceiver(EndpointPair.only(pair.senderOut.drain(), MessageKind.BLOCK).subList(0, 10), 1);
        pair.receiverOut.drain();
        MemorySource source = new MemorySource(data);
        Offer same = new Offer(777, "f.bin", data.length, BlockSizes.DIRECT, source.sha256(), HashTree.of(source, BlockSizes.DIRECT).root(),
                Offer.Mode.PUSHED);
        byte[] otherRoot = same.hashRoot();
        otherRoot[0] ^= 1;
        Offer other = new Offer(778, "f.bin", data.length, BlockSizes.DIRECT, source.sha256(), otherRoot, Offer.Mode.PUSHED);
        Route restarted = new Route.Direct(7000, Endpoint.of("192.0.2.1", 7100));
        long stalled = 1 + TransferDefaults.STALLED_MILLIS;
        offerValidated(pair.receiver, mallory, same, restarted, stalled - 1, pair.receiverOut);
        offerValidated(pair.receiver, mallory, other, restarted, stalled, pair.receiverOut);
        assertThat(pair.receiver.drops().get("offer_of_another_sender")).isEqualTo(2);
        assertThat(pair.receiverReports).isEmpty();
        offerValidated(pair.receiver, mallory, same, restarted, stalled, pair.receiverOut);
        assertThat(pair.receiverReports).extracting(TransferReport::detail).singleElement().asString()
                .contains("another sender of the same object took over");
        assertThat(pair.receiverOut.trace).filteredOn(e -> e.event().equals("ReceiveOffer")).last()
                .satisfies(e -> assertThat(e.params().get("resumedBlocks")).isEqualTo(10));
    }

    /** {@code codec}'s OFFER to {@code e} from {@code from}, sent without a cookie and again with the one its RETRY gave. */
    private static void offerValidated(TransferEndpoint e, TransferCodec codec, Offer offer, Route from, long now, RecordingEffects out) {
        List<Sent> before = new ArrayList<>(out.sent);
        e.onMessage(codec.offer(offer, TransferCodec.NO_COOKIE), from, now, out);
        List<Sent> retries = out.sent.stream().filter(s -> !before.contains(s) && s.message().kind() == MessageKind.RETRY).toList();
        assertThat(retries).hasSize(1);
        e.onMessage(codec.offer(offer, retries.get(0).message().bytes(TlvTypes.XFERCOOKIE).orElseThrow()), from, now, out);
    }

    /**
     * A thousand validated offers from a thousand addresses (each of which answers nothing
     * after): never more receptions than the limit, the transfer under way completes, and a new
     * honest one gets a slot once the strangers' receptions have stalled.
     */
    @Test
    void aThousandOffersStayWithinTheReceptionLimitAndHonestTransfersStillComplete() {
        TransferLimits limits = TransferLimits.defaults();
        byte[] data = object(150_000, 4);
        List<Sent> requests = pair.offerUntilBlocksAreAskedFor("honest.bin", data, 0);
        for (int i = 0; i < 1000; i++) {
            Route from = new Route.Direct(7000, Endpoint.of("10.0." + (i / 250) + "." + (i % 250 + 1), 7000));
            Offer junk = new Offer(i, "junk" + i, 1_000_000, 1000, new byte[32], new byte[32], Offer.Mode.PUSHED);
            offerValidated(pair.receiver, mallory, junk, from, 1, pair.receiverOut);
            assertThat(pair.receiver.receptions()).isLessThanOrEqualTo(limits.receptions());
        }
        assertThat(pair.receiver.drops().get("reception_limit")).isEqualTo(1000 - (limits.receptions() - 1));
        pair.receiverOut.drain();
        pair.toSender(requests, 2);
        run(2, sent -> sent);
        assertThat(pair.receiverReports).extracting(TransferReport::outcome).containsExactly(Outcome.COMPLETE);

        // a stranger takes the slot it freed; later, an honest sender at another address gets one
        // all the same: the strangers' receptions stalled, and one gives way
        offerValidated(pair.receiver, mallory, new Offer(5000, "junk-last", 1_000_000, 1000, new byte[32], new byte[32],
                Offer.Mode.PUSHED), new Route.Direct(7000, Endpoint.of("10.0.9.9", 7000)), 3, pair.receiverOut);
        assertThat(pair.receiver.receptions()).isEqualTo(limits.receptions());
        pair.receiverOut.drain();
        long later = 2 + limits.stalledMillis();
        RecordingEffects secondOut = new RecordingEffects();
        TransferEndpoint second = new TransferEndpoint(TransferConfig.defaults(), PeerId.of(new byte[] {7, 7, 7, 7, 7, 7, 7, 7,
                7, 7, 7, 7, 7, 7, 7, 7}), "second", BlockStore.NONE, TransferEndpoint.Catalog.NONE, TransferListener.NONE,
                new SplittableRandom(9));
        MemorySource source = new MemorySource(data);
        Route.Direct honest = new Route.Direct(7000, Endpoint.of("192.0.2.77", 7000));
        second.offer("later.bin", source, source.sha256(), EndpointPair.toReceiver(), later, secondOut);
        for (int round = 0; round < 10_000 && pair.store.object("later.bin") == null; round++) {
            for (Sent s : secondOut.drain()) {
                pair.receiver.onMessage(s.payload(), honest, later, pair.receiverOut);
            }
            for (Sent s : pair.receiverOut.drain()) {
                if (s.to().equals(honest.to())) {
                    second.onMessage(s.payload(), EndpointPair.toReceiver(), later, secondOut);
                }
            }
            later++;
        }
        assertThat(pair.receiverReports).filteredOn(r -> r.name().equals("later.bin")).extracting(TransferReport::outcome)
                .containsExactly(Outcome.COMPLETE);
        assertThat(pair.store.object("later.bin")).isEqualTo(data);
        assertThat(pair.receiverReports).filteredOn(r -> r.name().startsWith("junk")).hasSize(1)
                .allMatch(r -> r.detail().contains("every reception slot was taken"));
        assertThat(pair.receiver.receptions()).isLessThanOrEqualTo(limits.receptions());
    }

    /** One address cannot take more than its share of the slots. */
    @Test
    void oneAddressGetsAtMostItsShareOfReceptions() {
        for (int i = 0; i < 20; i++) {
            Route port = new Route.Direct(7000, Endpoint.of("10.9.9.9", 7000 + i));
            offerValidated(pair.receiver, mallory, new Offer(i, "p" + i, 5000, 1000, new byte[32], new byte[32], Offer.Mode.PUSHED),
                    port, 0, pair.receiverOut);
        }
        assertThat(pair.receiver.receptions()).isEqualTo(TransferDefaults.MAX_RECEPTIONS_PER_PEER);
        assertThat(pair.receiver.drops().get("reception_limit_peer")).isEqualTo(20 - TransferDefaults.MAX_RECEPTIONS_PER_PEER);
    }

    /**
     * An OFFER of 2^24 one-byte blocks (16 MiB, the most blocks a transfer may have) costs the
     * receiver little: a bitmap that grows with what arrives, and state sized by the window.
     */
    @Test
    void anOfferOfTheMostBlocksCostsKilobytesNotHundredsOfMegabytes() {
        BlockStore nowhere = (offer, from) -> new BlockStore.Accepted(new BlockSink() {
            @Override
            public BitSet stored() {
                return new BitSet();
            }

            @Override
            public void write(int block, byte[] data, int off, int len) {
            }

            @Override
            public boolean verify(byte[] expected) {
                return false;
            }

            @Override
            public void commit() {
            }

            @Override
            public void suspend() {
            }

            @Override
            public void discard() {
            }
        });
        TransferEndpoint receiver = new TransferEndpoint(TransferConfig.defaults(), EndpointPair.RECEIVER_ID, "receiver", nowhere,
                TransferEndpoint.Catalog.NONE, TransferListener.NONE, new SplittableRandom(5)).recordSteps(false);
        RecordingEffects out = new RecordingEffects();
        Offer huge = new Offer(1, "huge.bin", TransferDefaults.MAX_BLOCKS_PER_TRANSFER, 1, new byte[32], new byte[32],
                Offer.Mode.PUSHED);
        receiver.onMessage(mallory.offer(huge, TransferCodec.NO_COOKIE), EndpointPair.toSender(), 0, out);
        byte[] cookie = out.drain().get(0).message().bytes(TlvTypes.XFERCOOKIE).orElseThrow();
        byte[] validated = mallory.offer(huge, cookie);
        long before = allocatedBytes();
        receiver.onMessage(validated, EndpointPair.toSender(), 0, out);
        long cost = allocatedBytes() - before;
        System.out.printf("an OFFER of 2^24 one-byte blocks taken: %d bytes allocated%n", cost);
        assertThat(receiver.receptions()).isOne();
        assertThat(out.sent).as("the root's hash list is asked for").isNotEmpty();
        assertThat(cost).as("bytes allocated to take the offer").isLessThan(2L << 20);
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(
                Thread.currentThread().getId());
    }

    /**
     * A thousand FETCHes of a 300 MB object from a thousand addresses: within the servings
     * limit they are served, past it refused with RATE_LIMITED; and each serving keeps a few
     * hundred bytes, not a bitmap of the object.
     */
    @Test
    void aThousandFetchesOfALargeFileKeepSmallStateEachAndStayWithinTheLimit() {
        BlockSource large = new BlockSource() {
            @Override
            public long size() {
                return 300_000_000L;
            }

            @Override
            public void read(long position, byte[] into, int length) {
                java.util.Arrays.fill(into, 0, length, (byte) position);
            }
        };
        TransferEndpoint.Shared shared = TransferEndpoint.Shared.of(large, new byte[32], BlockSizes.DIRECT);
        TransferConfig config = TransferConfig.defaults().withLimits(TransferLimits.defaults().withServings(1000, 8));
        TransferEndpoint server = new TransferEndpoint(config, EndpointPair.SENDER_ID, "server", BlockStore.NONE,
                name -> shared, TransferListener.NONE, new SplittableRandom(6)).recordSteps(false);
        RecordingEffects out = new RecordingEffects();
        long heapBefore = retainedHeap();
        for (int i = 0; i < 1000; i++) {
            Route from = new Route.Direct(7000, Endpoint.of("10.1." + (i / 250) + "." + (i % 250 + 1), 7000));
            server.onMessage(mallory.fetch(i, "big.iso", TransferCodec.NO_COOKIE), from, 0, out);
            byte[] cookie = out.drain().get(0).message().bytes(TlvTypes.XFERCOOKIE).orElseThrow();
            server.onMessage(mallory.fetch(i, "big.iso", cookie), from, 0, out);
            assertThat(out.drain()).extracting(s -> s.message().kind()).containsExactly(MessageKind.OFFER);
        }
        long perFetch = (retainedHeap() - heapBefore) / 1000;
        assertThat(server.activeTransfers()).isEqualTo(1000);
        assertThat(perFetch).as("bytes kept per fetch of a 300 MB object (a bitmap of it would be 27,000)").isLessThan(4_000);

        // with the default limits, the 65th is told to come back later, and so is one address's 9th
        TransferEndpoint bounded = new TransferEndpoint(TransferConfig.defaults(), EndpointPair.SENDER_ID, "server",
                BlockStore.NONE, name -> shared, TransferListener.NONE, new SplittableRandom(7));
        List<Sent> answers = new ArrayList<>();
        for (int i = 0; i < TransferDefaults.MAX_SERVINGS + 1; i++) {
            Route from = new Route.Direct(7000, Endpoint.of("10.2.0." + (i + 1), 7000));
            bounded.onMessage(mallory.fetch(i, "big.iso", TransferCodec.NO_COOKIE), from, 0, out);
            byte[] cookie = out.drain().get(0).message().bytes(TlvTypes.XFERCOOKIE).orElseThrow();
            bounded.onMessage(mallory.fetch(i, "big.iso", cookie), from, 0, out);
            answers.addAll(out.drain());
        }
        assertThat(answers).extracting(s -> s.message().kind()).containsOnly(MessageKind.OFFER, MessageKind.CANCEL)
                .filteredOn(k -> k == MessageKind.CANCEL).hasSize(1);
        assertThat(answers.get(answers.size() - 1).message().uint(TlvTypes.ERRCODE).orElseThrow())
                .isEqualTo(ErrorCode.RATE_LIMITED.code());
        assertThat(bounded.drops().get("serving_limit")).isOne();
    }

    private static long retainedHeap() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    /** A stranger's CANCEL with the right ids, from elsewhere, does not end a reception. */
    @Test
    void aCancelFromAnotherRouteEndsNothing() {
        List<Sent> requests = pair.offerUntilBlocksAreAskedFor("e.bin", object(50_000, 8), 0);
        long xfer = xferIdOf(requests);
        TransferCodec forger = new TransferCodec(EndpointPair.SENDER_ID.bytes());
        pair.receiver.onMessage(forger.cancel(xfer, ErrorCode.OBJECT_UNAVAILABLE), new Route.Direct(7000,
                Endpoint.of("192.0.2.1", 9)), 0, pair.receiverOut);
        assertThat(pair.receiverReports).isEmpty();
        assertThat(pair.receiver.drops().get("cancel_unknown_transfer")).isOne();
        assertThat(PeerId.of(MALLORY_ID)).isNotEqualTo(EndpointPair.SENDER_ID);
    }
}
