package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.RefusedDatagram;
import org.ptpmesh.wire.DecodeErrorCode;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/** {@link TransferNode}: raw datagrams are decoded, datagrams a session layer decoded are read as they are. */
class TransferNodeTest {

    private static final Endpoint PEER = Endpoint.of("192.0.2.7", 4000);
    private static final String BAD_CHECKSUM = RefusedDatagram.of(DecodeErrorCode.BAD_CHECKSUM).label();
    private static final String UNKNOWN = TransferDropReason.BLOCK_UNKNOWN_TRANSFER.label();

    private final TransferNode node = new TransferNode(new TransferEndpoint(TransferConfig.defaults(),
            PeerId.random(new SplittableRandom(1)), "receiver", new MemoryStore(), TransferEndpoint.Catalog.NONE, r -> { },
            new SplittableRandom(2)), 5000);

    @Test
    void aDecodedDatagramIsReadThroughItsViewNotDecodedAgain() {
        byte[] block = new TransferCodec(new byte[16]).block(77, 0, new byte[100], 100);
        DecodedDatagram decoded = new DecodedDatagram().decode(block);
        // the bytes change after the decoding, as the session layer's would not: decoding them
        // again would find the checksum broken
        block[block.length - 1] ^= 1;

        node.onMessage(5000, PEER, decoded, 0, null);
        assertThat(node.endpoint().drops().get(UNKNOWN)).isOne();
        assertThat(node.endpoint().drops().get(BAD_CHECKSUM)).isZero();

        node.onDatagram(5000, PEER, block, 0, null);
        assertThat(node.endpoint().drops().get(BAD_CHECKSUM)).isOne();
    }
}
