package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
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
                               @ForAll @IntRange(min = 0) int size, @ForAll @IntRange(min = 1, max = 1352) int blockSize) {
        byte[] sha = new byte[32];
        sha[3] = 9;
        Offer offer = new Offer(77, name, size, blockSize, sha, Offer.Mode.FETCHED);
        byte[] datagram = codec.offer(offer);
        assertThat(codec.read(datagram, datagram.length)).isEqualTo(MessageKind.OFFER);
        assertThat(codec.offer()).isEqualTo(offer);
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
