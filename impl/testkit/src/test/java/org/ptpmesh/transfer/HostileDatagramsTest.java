package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.testkit.RecordingEffects.Sent;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.ErrorCode;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * What an endpoint does with datagrams nobody should send it: counts them, never crashes, never
 * answers a source it has not validated with more bytes than it sent, and never lets one end a
 * transfer of its own.
 */
class HostileDatagramsTest {

    private static final Endpoint RECEIVER = Endpoint.of("192.0.2.2", 7000);
    private static final Endpoint STRANGER = Endpoint.of("192.0.2.66", 7000);
    private static final byte[] STRANGER_ID = {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9};

    private final RecordingEffects out = new RecordingEffects();
    private final TransferEndpoint sender = new TransferEndpoint(TransferConfig.defaults(), PeerId.of(new byte[16]), "sender",
            BlockStore.NONE, TransferEndpoint.Catalog.NONE, TransferListener.NONE, new SplittableRandom(1));
    private final TransferCodec stranger = new TransferCodec(STRANGER_ID);

    private long offer() {
        MemorySource source = new MemorySource(new byte[100_000]);
        long id = sender.offer("x.bin", source, source.sha256(), new Route.Direct(7000, RECEIVER), 0, out);
        out.drain();
        return id;
    }

    private static TransferEndpoint receiver(TransferConfig config, List<TransferReport> reports) {
        return new TransferEndpoint(config, PeerId.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}),
                "receiver", new MemoryStore(), TransferEndpoint.Catalog.NONE, reports::add, new SplittableRandom(2));
    }

    /** A server of one object, "x.bin", of 300 KB. */
    private static TransferEndpoint server() {
        MemorySource source = new MemorySource(new byte[300_000]);
        TransferEndpoint.Shared shared = TransferEndpoint.Shared.of(source, source.sha256(), BlockSizes.DIRECT);
        return new TransferEndpoint(TransferConfig.defaults(), PeerId.of(new byte[] {5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5}),
                "server", BlockStore.NONE, name -> name.equals("x.bin") ? shared : null, TransferListener.NONE,
                new SplittableRandom(3));
    }

    @Property
    void randomBytesAreCountedAndIgnored(@ForAll byte[] junk) {
        long before = sender.drops().total();
        sender.onMessage(junk, new Route.Direct(7000, STRANGER), 0, out);
        assertThat(out.sent).isEmpty();
        assertThat(sender.drops().total()).isEqualTo(before + 1);
    }

    @Test
    void aRequestFromAnotherAddressIsNotAnswered() {
        long id = offer();
        byte[] request = stranger.request(id, new int[] {0, 1, 2, 3}, 4);
        sender.onMessage(request, new Route.Direct(7000, STRANGER), 5, out);
        assertThat(out.sent).isEmpty();
        assertThat(sender.drops().get("request_off_route")).isEqualTo(1);
        sender.onMessage(request, new Route.Direct(7000, RECEIVER), 6, out);
        assertThat(out.sent).hasSize(4).allMatch(s -> s.to().equals(RECEIVER));
    }

    @Test
    void aRequestForAnUnknownTransferGetsACancelNoBiggerThanItself() {
        byte[] request = stranger.request(12345, new int[] {0}, 1);
        sender.onMessage(request, new Route.Direct(7000, STRANGER), 0, out);
        assertThat(out.sent).hasSize(1);
        assertThat(out.sent.get(0).message().kind()).isEqualTo(MessageKind.CANCEL);
        assertThat(out.sent.get(0).message().uint(TlvTypes.ERRCODE).getAsLong()).isEqualTo(ErrorCode.UNKNOWN_TRANSFER.code());
        assertThat(out.sent.get(0).payload().length).isLessThanOrEqualTo(request.length);
        out.drain();
        // the narrowest widths make a REQUEST shorter than the CANCEL would be: no answer at all
        byte[] narrow = Codec.encode(Message.of(MessageKind.REQUEST, STRANGER_ID).uint(TlvTypes.XFERID, 7, 1).build());
        sender.onMessage(narrow, new Route.Direct(7000, STRANGER), 0, out);
        assertThat(out.sent).isEmpty();
        assertThat(sender.drops().get("answer_larger_than_question")).isEqualTo(1);
    }

    @Test
    void blockNumbersOutsideTheObjectAreCounted() {
        long id = offer();
        byte[] request = stranger.request(id, new int[] {1_000_000}, 1);
        sender.onMessage(request, new Route.Direct(7000, RECEIVER), 5, out);
        assertThat(out.sent).isEmpty();
        assertThat(sender.drops().get("request_out_of_range")).isEqualTo(1);
    }

    @Test
    void blocksOfATransferNobodyOfferedAreCounted() {
        TransferEndpoint receiver = receiver(TransferConfig.defaults(), new java.util.ArrayList<>());
        receiver.onMessage(stranger.block(77, 0, new byte[10], 10), new Route.Direct(7000, STRANGER), 0, out);
        assertThat(out.sent).isEmpty();
        assertThat(receiver.drops().get("block_unknown_transfer")).isEqualTo(1);
    }

    @Test
    void anOfferToAnEndThatOnlySendsIsDroppedNotAnsweredAndEndsNothing() {
        List<TransferReport> reports = new java.util.ArrayList<>();
        TransferEndpoint send = new TransferEndpoint(TransferConfig.defaults(), PeerId.of(new byte[16]), "sender",
                BlockStore.NONE, TransferEndpoint.Catalog.NONE, reports::add, new SplittableRandom(1));
        byte[] offer = stranger.offer(new Offer(1, "y.bin", 10, 10, new byte[32], new byte[32], Offer.Mode.PUSHED),
                TransferCodec.NO_COOKIE);
        send.onMessage(offer, new Route.Direct(7000, STRANGER), 0, out);
        assertThat(out.sent).isEmpty();
        assertThat(reports).isEmpty();
        assertThat(send.drops().get("offer_to_sender")).isEqualTo(1);
    }

    /**
     * Every transfer kind, with any values, from a source that never validated: the endpoint
     * (receiving, or serving an object by name) sends back at most the bytes that came (a RETRY,
     * a CANCEL or a DONE no larger than the question, or nothing) and never throws.
     */
    @Property(tries = 3000)
    void anUnvalidatedSourceGetsAtMostTheBytesItSent(@ForAll("strangerDatagrams") byte[] datagram) {
        for (TransferEndpoint e : List.of(strangersReceiver, strangersServer)) {
            RecordingEffects answers = new RecordingEffects();
            e.onMessage(datagram, new Route.Direct(7000, STRANGER), 1_000, answers);
            long bytesOut = answers.sent.stream().mapToLong(s -> s.payload().length).sum();
            assertThat(bytesOut).as("answer to %s", Codec.decode(datagram)).isLessThanOrEqualTo(datagram.length);
            assertThat(e.activeTransfers()).isZero();
        }
        assertThat(strangersReports).isEmpty();
    }

    private final List<TransferReport> strangersReports = new java.util.ArrayList<>();
    private final TransferEndpoint strangersReceiver = receiver(TransferConfig.defaults(), strangersReports);
    private final TransferEndpoint strangersServer = server();

    @Provide
    Arbitrary<byte[]> strangerDatagrams() {
        Arbitrary<Long> extreme = Arbitraries.oneOf(Arbitraries.of(0L, 1L, 1352L, 1353L, 0xffff_ffffL, 1L << 32,
                Long.MAX_VALUE, -1L, (1L << 24) * 1352 + 1), Arbitraries.longs());
        Arbitrary<Integer> width = Arbitraries.of(1, 2, 4, 8);
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.just("x.bin"), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(60));
        Arbitrary<MessageKind> kind = Arbitraries.of(MessageKind.OFFER, MessageKind.FETCH, MessageKind.REQUEST, MessageKind.BLOCK,
                MessageKind.DONE, MessageKind.CANCEL, MessageKind.HASHES, MessageKind.RETRY);
        return net.jqwik.api.Combinators.combine(kind, extreme, extreme, extreme, width, name, Arbitraries.bytes().array(byte[].class)
                .ofMaxSize(600)).as((k, a, b, c, w, n, bytes) -> encode(k, a, b, c, w, n, bytes));
    }

    /** A well-formed datagram of {@code kind} whose integers are {@code a}, {@code b}, {@code c} at width {@code w} where they fit it. */
    private static byte[] encode(MessageKind kind, long a, long b, long c, int w, String name, byte[] bytes) {
        Message.Builder m = Message.of(kind, STRANGER_ID).uint(TlvTypes.XFERID, a, fit(a, w));
        switch (kind) {
            case OFFER -> m.text(TlvTypes.OBJNAME, name).uint(TlvTypes.OBJSIZE, b, fit(b, w)).uint(TlvTypes.BLOCKSIZE, c, fit(c, w))
                    .bytes(TlvTypes.SHA256, new byte[32]).uint(TlvTypes.XFERMODE, a & 1).bytes(TlvTypes.HASHROOT, new byte[32])
                    .bytes(TlvTypes.XFERCOOKIE, java.util.Arrays.copyOf(bytes, 16));
            case FETCH -> m.text(TlvTypes.OBJNAME, name).bytes(TlvTypes.XFERCOOKIE, java.util.Arrays.copyOf(bytes, 16));
            case REQUEST -> m.uint(TlvTypes.BLOCKNUM, b, fit(b, w)).uint(TlvTypes.HASHNODE, c, fit(c, w));
            case BLOCK -> m.uint(TlvTypes.BLOCKNUM, b, fit(b, w)).payload(bytes);
            case HASHES -> m.uint(TlvTypes.HASHNODE, b, fit(b, w)).payload(bytes);
            case DONE -> m.uint(TlvTypes.XFERSTATUS, b & 3, 1);
            case CANCEL -> m.uint(TlvTypes.ERRCODE, b & 0xff, 2);
            default -> m.bytes(TlvTypes.XFERCOOKIE, java.util.Arrays.copyOf(bytes, 16));
        }
        return Codec.encode(m.build());
    }

    private static int fit(long value, int width) {
        int needed = Long.compareUnsigned(value, 0xff) <= 0 ? 1 : Long.compareUnsigned(value, 0xffff) <= 0 ? 2
                : Long.compareUnsigned(value, 0xffff_ffffL) <= 0 ? 4 : 8;
        return Math.max(needed, width);
    }

    /**
     * The datagram that ended a `receive --keep-running`: OBJSIZE 2^63-1 in 1352-byte blocks,
     * whose block count overflowed. Refused before any state, from a validated sender too.
     */
    @Test
    void anOfferWhoseBlockCountOverflowedIsRefusedWithoutState() {
        TransferEndpoint receiver = receiver(TransferConfig.defaults(), new java.util.ArrayList<>());
        for (long size : new long[] {Long.MAX_VALUE, -1L, 1352L * TransferDefaults.MAX_BLOCKS_PER_TRANSFER + 1}) {
            byte[] offer = Codec.encode(Message.of(MessageKind.OFFER, STRANGER_ID).uint(TlvTypes.XFERID, 5)
                    .text(TlvTypes.OBJNAME, "big.bin").uint(TlvTypes.OBJSIZE, size, 8).uint(TlvTypes.BLOCKSIZE, 1352)
                    .bytes(TlvTypes.SHA256, new byte[32]).uint(TlvTypes.XFERMODE, 0).bytes(TlvTypes.HASHROOT, new byte[32])
                    .bytes(TlvTypes.XFERCOOKIE, new byte[16]).build());
            receiver.onMessage(offer, new Route.Direct(7000, STRANGER), 0, out);
        }
        assertThat(out.sent).isEmpty();
        assertThat(receiver.drops().get("bad_offer")).as("2^64-1, read as -1").isEqualTo(1);
        assertThat(receiver.drops().get("too_many_blocks")).isEqualTo(2);
        assertThat(receiver.activeTransfers()).isZero();
    }

    /** A FETCH whose XFERID does not fit the 4 bytes an OFFER carries it in (it once made `serve` exit): dropped. */
    @Test
    void aFetchWithAnXferIdAbove32BitsIsDropped() {
        TransferEndpoint server = server();
        byte[] fetch = Codec.encode(Message.of(MessageKind.FETCH, STRANGER_ID).uint(TlvTypes.XFERID, 1L << 40, 8)
                .text(TlvTypes.OBJNAME, "x.bin").bytes(TlvTypes.XFERCOOKIE, new byte[16]).build());
        server.onMessage(fetch, new Route.Direct(7000, STRANGER), 0, out);
        assertThat(out.sent).isEmpty();
        assertThat(server.drops().get("bad_xfer_id")).isEqualTo(1);
    }

    @Property(tries = 50)
    void aCookieIsBoundToItsAddressPeerAndTransfer(@ForAll @IntRange(min = 0, max = 1000) int xfer) {
        TransferEndpoint server = server();
        Route from = new Route.Direct(7000, STRANGER);
        server.onMessage(stranger.fetch(xfer, "x.bin", TransferCodec.NO_COOKIE), from, 0, out);
        Sent retry = out.drain().get(0);
        byte[] cookie = retry.message().bytes(TlvTypes.XFERCOOKIE).orElseThrow();
        // elsewhere, or for another transfer, the cookie is worth nothing
        server.onMessage(stranger.fetch(xfer, "x.bin", cookie), new Route.Direct(7000, Endpoint.of("192.0.2.66", 7001)), 0, out);
        server.onMessage(stranger.fetch(xfer + 1L, "x.bin", cookie), from, 0, out);
        assertThat(out.drain()).extracting(s -> s.message().kind()).containsOnly(MessageKind.RETRY);
        // and after two cookie periods too
        server.onMessage(stranger.fetch(xfer, "x.bin", cookie), from, 2 * TransferDefaults.COOKIE_PERIOD_MILLIS, out);
        assertThat(out.drain()).extracting(s -> s.message().kind()).containsExactly(MessageKind.RETRY);
        server.onMessage(stranger.fetch(xfer, "x.bin", cookie), from, 1, out);
        assertThat(out.drain()).extracting(s -> s.message().kind()).containsExactly(MessageKind.OFFER);
    }
}
