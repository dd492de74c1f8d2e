package org.ptpmesh.transfer;

import org.ptpmesh.wire.Datagram;
import org.ptpmesh.wire.TlvTypes;

/**
 * How large a block fits one datagram. A BLOCK carries the version byte, MSGKIND, UUID, XFERID,
 * BLOCKNUM, the checksum and the block in PAYLOAD fragments of at most 253 bytes, each with a
 * 2-byte TLV header; through the relay the whole BLOCK rides inside a RELAY's PAYLOAD.
 */
public final class BlockSizes {

    /** Version, MSGKIND (1-byte value), UUID, XFERID (4), BLOCKNUM (4), checksum. */
    static final int BLOCK_OVERHEAD = 1 + 3 + 18 + 6 + 6 + 2;
    /** Version, MSGKIND, UUID, TARGET (or FROMID), checksum: what RELAY and RELAYED add around their payload. */
    static final int RELAY_OVERHEAD = 1 + 3 + 18 + 18 + 2;

    /** Largest datagram a relay carries inside one RELAY datagram. */
    public static final int RELAYED_DATAGRAM = largestPayload(Datagram.MAX_SIZE - RELAY_OVERHEAD);
    /** Largest block of a direct BLOCK datagram (1352 bytes). */
    public static final int DIRECT = largestPayload(Datagram.MAX_SIZE - BLOCK_OVERHEAD);
    /** Largest block of a BLOCK that goes through the relay (1298 bytes). */
    public static final int RELAYED = forDatagram(RELAYED_DATAGRAM);
    /**
     * The block a sealed transfer uses (docs/protocol.md 6.9): its BLOCK, sealed, still fits one
     * datagram. A sender that reaches its receiver sealed gets it as its configured block size
     * ({@link TransferConfig#sealed()}); the offer carries it, so the receiver needs no setting.
     */
    public static final int SEALED = 1_280;

    private BlockSizes() {
    }

    /** The largest block a BLOCK datagram of at most {@code datagramBytes} holds. */
    public static int forDatagram(int datagramBytes) {
        return largestPayload(datagramBytes - BLOCK_OVERHEAD);
    }

    /** The most payload bytes that fit {@code room} bytes as PAYLOAD fragments with their headers. */
    static int largestPayload(int room) {
        int fragment = TlvTypes.MAX_VALUE_LENGTH + 2;
        int full = room / fragment;
        int rest = room - full * fragment;
        return full * TlvTypes.MAX_VALUE_LENGTH + Math.max(0, rest - 2);
    }
}
