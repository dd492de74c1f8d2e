package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.AlphaChars;
import org.junit.jupiter.api.Test;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Datagram;
import org.ptpmesh.wire.DecodeResult;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.Violations;
import org.ptpmesh.wire.TlvTypes;

/** The transfer messages through the wire codec: round trips, sizes, and the receiver rules. */
class TransferCodecTest {

    private static final byte[] ID = new byte[16];
    private final TransferCodec codec = new TransferCodec(ID);

    @Property
    void aBlockOfAnySizeUpToTheLargestFitsOneDatagramAndReadsBack(@ForAll @IntRange(min = 0, max = 1352) int length,
                                                                   @ForAll @IntRange(min = 0) int blockNumber) {
        byte[] data = new byte[length];
        Arrays.fill(data, (byte) 7);
        byte[] datagram = codec.block(42, blockNumber, data, length);
        assertThat(datagram.length).isLessThanOrEqualTo(Datagram.MAX_SIZE);
        assertThat(codec.read(datagram, datagram.length)).isEqualTo(MessageKind.BLOCK);
        assertThat(codec.uint(TlvTypes.BLOCKNUM)).isEqualTo(blockNumber);
        byte[] back = new byte[length];
        assertThat(codec.payload(back)).isEqualTo(length);
        assertThat(back).isEqualTo(data);
        assertThat(Violations.of(decoded(datagram))).isEmpty();
    }

    @Property
    void aRequestCarriesItsBlockNumbersInOrder(@ForAll @Size(min = 1, max = 128) List<@IntRange(min = 0) Integer> blocks) {
        int[] array = blocks.stream().mapToInt(Integer::intValue).toArray();
        byte[] datagram = codec.request(9, array, array.length);
        assertThat(codec.read(datagram, datagram.length)).isEqualTo(MessageKind.REQUEST);
        long[] back = new long[256];
        int n = codec.blockNumbers(back);
        assertThat(Arrays.stream(back, 0, n).mapToInt(l -> (int) l).toArray()).isEqualTo(array);
        assertThat(Violations.of(decoded(datagram))).isEmpty();
    }

    @Property
    void anOfferReadsBackWhole(@ForAll @AlphaChars @StringLength(min = 1, max = 200) String name,
                               @ForAll @IntRange(min = 0) int anySize, @ForAll @IntRange(min = 1, max = 1352) int blockSize) {
        long size = anySize % ((long) blockSize * TransferDefaults.MAX_BLOCKS_PER_TRANSFER + 1);
        byte[] sha = new byte[32];
        sha[3] = 9;
        byte[] root = new byte[32];
        root[31] = 4;
        Offer offer = new Offer(77, name, size, blockSize, sha, root, Offer.Mode.FETCHED);
        byte[] cookie = new byte[16];
        cookie[0] = 1;
        byte[] datagram = codec.offer(offer, cookie);
        assertThat(codec.read(datagram, datagram.length)).isEqualTo(MessageKind.OFFER);
        assertThat(codec.offer()).isEqualTo(offer);
        assertThat(codec.offer().hashRoot()).isEqualTo(root);
        assertThat(codec.cookie()).isEqualTo(cookie);
        assertThat(Violations.of(decoded(datagram))).isEmpty();
    }

    @Test
    void anOfferWithTheLongestNameStillFitsOneDatagram() {
        Offer offer = new Offer(Offer.MAX_XFER_ID, "n".repeat(253), 1352L * TransferDefaults.MAX_BLOCKS_PER_TRANSFER, 1352, new byte[32], new byte[32],
                Offer.Mode.PUSHED);
        assertThat(codec.offer(offer, TransferCodec.NO_COOKIE).length).isLessThanOrEqualTo(Datagram.MAX_SIZE);
    }

    @Test
    void aRetryIsNeverLargerThanTheSmallestOfferOrFetchItAnswers() {
        byte[] retry = codec.retry(Offer.MAX_XFER_ID, new byte[Cookies.LENGTH]);
        byte[] fetch = codec.fetch(0, "x", TransferCodec.NO_COOKIE);
        assertThat(retry.length).isLessThanOrEqualTo(fetch.length);
        assertThat(Violations.of(decoded(retry))).isEmpty();
        assertThat(Violations.of(decoded(fetch))).isEmpty();
    }

    @Property
    void hashesOfAnyNodeFitEvenARelayedDatagramAndReadBack(@ForAll @IntRange(min = 0, max = 32) int children,
                                                            @ForAll @IntRange(min = 1, max = 6) int level,
                                                            @ForAll @IntRange(min = 0) int index) {
        byte[] hashes = new byte[children * 32];
        Arrays.fill(hashes, (byte) level);
        long node = HashTree.node(level, index);
        byte[] datagram = codec.hashes(5, node, hashes, hashes.length);
        assertThat(datagram.length).isLessThanOrEqualTo(BlockSizes.RELAYED_DATAGRAM);
        assertThat(codec.read(datagram, datagram.length)).isEqualTo(MessageKind.HASHES);
        assertThat(codec.uint(TlvTypes.HASHNODE)).isEqualTo(node);
        byte[] back = new byte[32 * 32];
        assertThat(codec.payload(back)).isEqualTo(hashes.length);
        assertThat(Arrays.copyOf(back, hashes.length)).isEqualTo(hashes);
        assertThat(Violations.of(decoded(datagram))).isEmpty();
    }

    @Property
    void aRequestCarriesItsHashNodesBesideItsBlocks(@ForAll @Size(max = 128) List<@IntRange(min = 0) Integer> blocks,
                                                   @ForAll @Size(min = 1, max = 16) List<@IntRange(min = 0) Integer> indexes) {
        int[] array = blocks.stream().mapToInt(Integer::intValue).toArray();
        long[] nodes = indexes.stream().mapToLong(i -> HashTree.node(2, i)).toArray();
        byte[] datagram = codec.request(9, array, array.length, nodes, nodes.length);
        assertThat(datagram.length).isLessThanOrEqualTo(BlockSizes.RELAYED_DATAGRAM);
        assertThat(codec.read(datagram, datagram.length)).isEqualTo(MessageKind.REQUEST);
        long[] back = new long[256];
        assertThat(Arrays.copyOf(back, codec.hashNodes(back))).isEqualTo(nodes);
        assertThat(Arrays.stream(back, 0, codec.blockNumbers(back)).mapToInt(l -> (int) l).toArray()).isEqualTo(array);
    }

    /**
     * OBJSIZE, BLOCKSIZE and XFERID at their extremes, at every legal width (OBJSIZE up to
     * 2^64-1, read as a negative long): the codec makes an offer of them or says why not, and
     * the block count of an offer it makes is what the size and block size say, without overflow.
     */
    @Property(tries = 2000)
    void extremeOfferValuesMakeAnOfferOrATypedRefusalNeverAnException(@ForAll("extremes") long size,
                                                                      @ForAll("extremes") long blockSize,
                                                                      @ForAll("extremes") long xferId) {
        byte[] datagram = Codec.encode(Message.of(MessageKind.OFFER, ID).uint(TlvTypes.XFERID, xferId, widthOf(xferId))
                .text(TlvTypes.OBJNAME, "x").uint(TlvTypes.OBJSIZE, size, widthOf(size))
                .uint(TlvTypes.BLOCKSIZE, blockSize, widthOf(blockSize)).bytes(TlvTypes.SHA256, new byte[32])
                .uint(TlvTypes.XFERMODE, 0).bytes(TlvTypes.HASHROOT, new byte[32]).bytes(TlvTypes.XFERCOOKIE, new byte[16])
                .build());
        MessageKind kind = codec.read(datagram, datagram.length);
        if (Long.compareUnsigned(xferId, Offer.MAX_XFER_ID) > 0) {
            assertThat(kind).isNull();
            assertThat(codec.problem()).isEqualTo(TransferDropReason.BAD_XFER_ID);
            return;
        }
        assertThat(kind).isEqualTo(MessageKind.OFFER);
        Offer offer = codec.offer();
        if (size < 0 || blockSize < 1 || blockSize > BlockSizes.DIRECT) {
            assertThat(offer).isNull();
            assertThat(codec.problem()).isEqualTo(TransferDropReason.BAD_OFFER);
            return;
        }
        java.math.BigInteger blocks = java.math.BigInteger.valueOf(size).add(java.math.BigInteger.valueOf(blockSize - 1))
                .divide(java.math.BigInteger.valueOf(blockSize));
        if (blocks.compareTo(java.math.BigInteger.valueOf(TransferDefaults.MAX_BLOCKS_PER_TRANSFER)) > 0) {
            assertThat(offer).isNull();
            assertThat(codec.problem()).isEqualTo(TransferDropReason.TOO_MANY_BLOCKS);
            return;
        }
        assertThat(offer.blockCount()).isEqualTo(blocks.intValueExact());
        if (offer.blockCount() > 0) {
            int last = offer.blockCount() - 1;
            assertThat(offer.blockStart(last) + offer.blockLength(last)).isEqualTo(size);
        }
    }

    @Provide
    Arbitrary<Long> extremes() {
        return Arbitraries.oneOf(Arbitraries.of(0L, 1L, 2L, 1351L, 1352L, 1353L, 65_535L, 65_536L, (1L << 24) - 1, 1L << 24,
                        (1L << 24) + 1, 0xffff_ffffL, 1L << 32, (1L << 24) * 1352, (1L << 24) * 1352 + 1, Long.MAX_VALUE,
                        Long.MAX_VALUE - 1350, Long.MIN_VALUE, -2L, -1L),
                Arbitraries.longs());
    }

    /** The narrowest width that holds {@code value} unsigned. */
    private static int widthOf(long value) {
        return Long.compareUnsigned(value, 0xff) <= 0 ? 1 : Long.compareUnsigned(value, 0xffff) <= 0 ? 2
                : Long.compareUnsigned(value, 0xffff_ffffL) <= 0 ? 4 : 8;
    }

    @Test
    void theLargestBlocksAreTheDocumentedOnes() {
        assertThat(BlockSizes.DIRECT).isEqualTo(1352);
        assertThat(BlockSizes.RELAYED).isEqualTo(1298);
        assertThat(codec.block(1, 1, new byte[1352], 1352)).hasSize(Datagram.MAX_SIZE);
        byte[] relayed = org.ptpmesh.messages.Messages.relay(org.ptpmesh.wire.PeerId.of(ID), org.ptpmesh.wire.PeerId.of(ID),
                codec.block(1, 1, new byte[BlockSizes.RELAYED], BlockSizes.RELAYED));
        assertThat(relayed.length).isLessThanOrEqualTo(Datagram.MAX_SIZE);
    }

    @Test
    void aSealedTransfersBlockFitsSealedAndADirectOneDoesNot() {
        assertThat(BlockSizes.SEALED).isEqualTo(1280);
        assertThat(codec.block(1, 1, new byte[BlockSizes.SEALED], BlockSizes.SEALED).length)
                .isLessThanOrEqualTo(org.ptpmesh.secure.SecureDatagrams.MAX_SEALABLE);
        assertThat(codec.block(1, 1, new byte[BlockSizes.DIRECT], BlockSizes.DIRECT).length)
                .isGreaterThan(org.ptpmesh.secure.SecureDatagrams.MAX_SEALABLE);
        assertThat(TransferConfig.defaults().sealed().blockSize()).isEqualTo(BlockSizes.SEALED);
        assertThat(TransferConfig.defaults().withBlockSize(1000).sealed().blockSize()).as("a smaller block stays").isEqualTo(1000);
    }

    @Test
    void aTransferMessageMissingARequiredTlvIsRefused() {
        byte[] noBlockNumber = Codec.encode(Message.of(MessageKind.BLOCK, ID).uint(TlvTypes.XFERID, 1).build());
        assertThat(codec.read(noBlockNumber, noBlockNumber.length)).isNull();
        assertThat(codec.problem().label()).isEqualTo("missing_tlv");
    }

    @Test
    void aRepeatedOrForbiddenTlvIsRefused() {
        byte[] twoIds = Codec.encode(Message.of(MessageKind.DONE, ID).uint(TlvTypes.XFERID, 1).uint(TlvTypes.XFERID, 2)
                .uint(TlvTypes.XFERSTATUS, 0).build());
        assertThat(codec.read(twoIds, twoIds.length)).isNull();
        assertThat(codec.problem().label()).isEqualTo("repeated_tlv");
        byte[] payloadInDone = Codec.encode(Message.of(MessageKind.DONE, ID).uint(TlvTypes.XFERID, 1)
                .uint(TlvTypes.XFERSTATUS, 0).payload(new byte[3]).build());
        assertThat(codec.read(payloadInDone, payloadInDone.length)).isNull();
        assertThat(codec.problem().label()).isEqualTo("forbidden_tlv");
    }

    @Test
    void otherKindsAndBrokenDatagramsAreNotTransferMessages() {
        byte[] ping = org.ptpmesh.messages.Messages.keepalive(org.ptpmesh.wire.PeerId.of(ID), 5);
        assertThat(codec.read(ping, ping.length)).isNull();
        assertThat(codec.problem().label()).isEqualTo("not_a_transfer_message");
        byte[] bad = codec.done(1, Status.COMPLETE);
        bad[bad.length - 1] ^= 1;
        assertThat(codec.read(bad, bad.length)).isNull();
        assertThat(codec.problem().label()).isEqualTo("bad_checksum");
    }

    private static Message decoded(byte[] datagram) {
        return ((DecodeResult.Decoded) Codec.decode(datagram)).message();
    }
}
