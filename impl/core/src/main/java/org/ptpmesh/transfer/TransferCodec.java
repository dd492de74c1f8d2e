package org.ptpmesh.transfer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.ptpmesh.node.DropReason;
import org.ptpmesh.node.RefusedDatagram;
import org.ptpmesh.wire.Datagram;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.DatagramWriter;
import org.ptpmesh.wire.DecodeError;
import org.ptpmesh.wire.ErrorCode;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.ReceiverRules;
import org.ptpmesh.wire.RuleViolationCode;
import org.ptpmesh.wire.TlvTypes;

/**
 * Encodes and reads the six transfer messages (docs/protocol.md 6.7) through the wire codec's
 * allocation-free writer and view: BLOCK and REQUEST are the hot path, so they are written into
 * one scratch buffer and read in place, and checked by the receiver rules every node applies
 * ({@link ReceiverRules}).
 *
 * <p>Not thread-safe: one codec per endpoint.
 */
final class TransferCodec {

    /** BLOCKNUMs one REQUEST carries: 6 bytes each, well inside a datagram. */
    static final int MAX_BLOCKS_PER_REQUEST = 128;
    /** HASHNODEs one REQUEST carries besides its BLOCKNUMs: 10 bytes each. */
    static final int MAX_NODES_PER_REQUEST = 16;
    /** The XFERCOOKIE of an OFFER or FETCH sent before a RETRY gave one. */
    static final byte[] NO_COOKIE = new byte[Cookies.LENGTH];

    private final byte[] self;
    private final byte[] scratch = new byte[Datagram.MAX_SIZE];
    private final DatagramWriter writer = new DatagramWriter();
    private final DatagramView ownView = new DatagramView();
    /** The view the current message is read from: ours, or a composite node's that decoded it. */
    private DatagramView view = ownView;
    private MessageKind kind;
    private DropReason problem;

    TransferCodec(byte[] selfId) {
        this.self = selfId.clone();
    }

    // ------------------------------------------------------------------ encoding

    byte[] offer(Offer offer, byte[] cookie) {
        start(MessageKind.OFFER, offer.xferId()).putText(TlvTypes.OBJNAME, offer.name())
                .putUint(TlvTypes.OBJSIZE, offer.size(), 8).putUint(TlvTypes.BLOCKSIZE, offer.blockSize(), 2)
                .putBytes(TlvTypes.SHA256, offer.sha256(), 0, 32).putUint(TlvTypes.XFERMODE, offer.mode().code(), 1)
                .putBytes(TlvTypes.HASHROOT, offer.rootRef(), 0, 32).putBytes(TlvTypes.XFERCOOKIE, cookie, 0, cookie.length);
        return finish();
    }

    /** A FETCH; before a RETRY gave a cookie it carries {@link #NO_COOKIE}, so it is never smaller than the RETRY answering it. */
    byte[] fetch(long xferId, String name, byte[] cookie) {
        start(MessageKind.FETCH, xferId).putText(TlvTypes.OBJNAME, name).putBytes(TlvTypes.XFERCOOKIE, cookie, 0, cookie.length);
        return finish();
    }

    byte[] request(long xferId, int[] blocks, int count) {
        return request(xferId, blocks, count, null, 0);
    }

    /** A REQUEST for {@code blocks[0..count)} and the children of {@code nodes[0..nodeCount)} of the hash tree. */
    byte[] request(long xferId, int[] blocks, int count, long[] nodes, int nodeCount) {
        start(MessageKind.REQUEST, xferId);
        for (int i = 0; i < nodeCount; i++) {
            writer.putUint(TlvTypes.HASHNODE, nodes[i], 8);
        }
        for (int i = 0; i < count; i++) {
            writer.putUint(TlvTypes.BLOCKNUM, blocks[i], 4);
        }
        return finish();
    }

    /** The children of {@code node}: {@code hashes[0..len)}, cut into PAYLOAD fragments. */
    byte[] hashes(long xferId, long node, byte[] hashes, int len) {
        start(MessageKind.HASHES, xferId).putUint(TlvTypes.HASHNODE, node, 8);
        for (int off = 0; off < len; off += TlvTypes.MAX_VALUE_LENGTH) {
            writer.putBytes(TlvTypes.PAYLOAD, hashes, off, Math.min(TlvTypes.MAX_VALUE_LENGTH, len - off));
        }
        return finish();
    }

    byte[] retry(long xferId, byte[] cookie) {
        start(MessageKind.RETRY, xferId).putBytes(TlvTypes.XFERCOOKIE, cookie, 0, cookie.length);
        return finish();
    }

    /** A BLOCK whose payload is {@code data[0..len)}, cut into PAYLOAD fragments. */
    byte[] block(long xferId, int block, byte[] data, int len) {
        start(MessageKind.BLOCK, xferId).putUint(TlvTypes.BLOCKNUM, block, 4);
        for (int off = 0; off < len; off += TlvTypes.MAX_VALUE_LENGTH) {
            writer.putBytes(TlvTypes.PAYLOAD, data, off, Math.min(TlvTypes.MAX_VALUE_LENGTH, len - off));
        }
        return finish();
    }

    byte[] done(long xferId, Status status) {
        start(MessageKind.DONE, xferId).putUint(TlvTypes.XFERSTATUS, status.code(), 1);
        return finish();
    }

    byte[] cancel(long xferId, ErrorCode error) {
        start(MessageKind.CANCEL, xferId).putUint(TlvTypes.ERRCODE, error.code(), 2);
        return finish();
    }

    /**
     * A CANCEL saying why in ERRTEXT, cut so the datagram is at most {@code atMost} bytes (the
     * size of the datagram it answers: an answer to a stranger is never larger than what the
     * stranger sent); without ERRTEXT when not even one byte of it fits.
     */
    byte[] cancel(long xferId, ErrorCode error, String why, int atMost) {
        byte[] bare = cancel(xferId, error);
        byte[] utf8 = why.getBytes(StandardCharsets.UTF_8);
        int fits = Math.min(Math.min(utf8.length, TlvTypes.MAX_VALUE_LENGTH), atMost - bare.length - 2);
        while (fits > 0 && fits < utf8.length && (utf8[fits] & 0xc0) == 0x80) {
            fits--; // not inside a character's UTF-8 sequence
        }
        if (fits <= 0) {
            return bare;
        }
        start(MessageKind.CANCEL, xferId).putUint(TlvTypes.ERRCODE, error.code(), 2)
                .putText(TlvTypes.ERRTEXT, new String(utf8, 0, fits, StandardCharsets.UTF_8));
        return finish();
    }

    private DatagramWriter start(MessageKind k, long xferId) {
        return writer.wrap(scratch, 0).putUint(TlvTypes.MSGKIND, k.code(), 1)
                .putBytes(TlvTypes.UUID, self, 0, self.length).putUint(TlvTypes.XFERID, xferId, 4);
    }

    private byte[] finish() {
        return Arrays.copyOf(scratch, writer.finish());
    }

    // ------------------------------------------------------------------ reading

    /**
     * Checks a datagram and, if it is a well-formed transfer message, makes it the current one.
     *
     * @return the kind, or null when it is not one (then {@link #problem()} says why)
     */
    MessageKind read(byte[] data, int len) {
        return read(ownView, ownView.wrap(data, 0, len));
    }

    /** {@link #read(byte[], int)} for a datagram decoded already: {@code error} is what wrapping {@code wrapped} said. */
    MessageKind read(DatagramView wrapped, DecodeError error) {
        kind = null;
        view = wrapped;
        if (error != null) {
            problem = RefusedDatagram.of(error.code());
            return null;
        }
        MessageKind k = MessageKind.fromCode(view.uintOf(TlvTypes.MSGKIND, -1));
        if (k == null || !k.isTransfer()) {
            problem = TransferDropReason.NOT_A_TRANSFER_MESSAGE;
            return null;
        }
        RuleViolationCode broken = ReceiverRules.firstBroken(view, k);
        if (broken != null) {
            problem = RefusedDatagram.of(broken);
            return null;
        }
        long xferId = view.uintOf(TlvTypes.XFERID, -1);
        if (xferId < 0 || xferId > Offer.MAX_XFER_ID) {
            // any width is legal on the wire, but a transfer id is 32 bits: an answer could not carry it
            problem = TransferDropReason.BAD_XFER_ID;
            return null;
        }
        kind = k;
        return k;
    }

    /** Why the last datagram was refused, for drop counters. */
    DropReason problem() {
        return problem;
    }

    /** Whether the current message's UUID is {@code id}. */
    boolean senderIs(byte[] id) {
        int i = view.indexOf(TlvTypes.UUID);
        return Arrays.equals(view.buffer(), view.valueOffset(i), view.valueOffset(i) + view.valueLength(i), id, 0, id.length);
    }

    byte[] sender() {
        return view.value(view.indexOf(TlvTypes.UUID));
    }

    long xferId() {
        return view.uintOf(TlvTypes.XFERID, -1);
    }

    long uint(int type) {
        return view.uintOf(type, -1);
    }

    String text(int type) {
        int i = view.indexOf(type);
        return i < 0 ? null : new String(view.buffer(), view.valueOffset(i), view.valueLength(i), StandardCharsets.UTF_8);
    }

    byte[] bytes(int type) {
        return view.value(view.indexOf(type));
    }

    /** The BLOCKNUMs of a REQUEST (or the one of a BLOCK), in order, into {@code into}; returns how many. */
    int blockNumbers(long[] into) {
        return numbers(TlvTypes.BLOCKNUM, into);
    }

    /** The HASHNODEs of a REQUEST, in order, into {@code into}; returns how many. */
    int hashNodes(long[] into) {
        return numbers(TlvTypes.HASHNODE, into);
    }

    /** The XFERCOOKIE of an OFFER, FETCH or RETRY. */
    byte[] cookie() {
        return bytes(TlvTypes.XFERCOOKIE);
    }

    /** Length in bytes of the datagram being read: an answer to an unvalidated source must not exceed it. */
    int length() {
        return view.length();
    }

    /** Values of the {@code type} TLVs, in order, as many as {@code into} holds; returns how many. */
    private int numbers(int type, long[] into) {
        int count = 0;
        int n = view.tlvCount();
        for (int i = 0; i < n && count < into.length; i++) {
            if (view.type(i) == type) {
                into[count++] = view.uint(i);
            }
        }
        return count;
    }

    /** Concatenates the PAYLOAD fragments into {@code into}; returns the length, or -1 if they exceed it. */
    int payload(byte[] into) {
        int len = 0;
        int n = view.tlvCount();
        for (int i = 0; i < n; i++) {
            if (view.type(i) == TlvTypes.PAYLOAD) {
                int l = view.valueLength(i);
                if (len + l > into.length) {
                    return -1;
                }
                System.arraycopy(view.buffer(), view.valueOffset(i), into, len, l);
                len += l;
            }
        }
        return len;
    }

    /**
     * The OFFER being read, or null with a problem when its values make no offer: an OBJSIZE of
     * 2^63 or more (read as negative), a BLOCKSIZE of 0 or above what a datagram holds, or more
     * blocks than {@link TransferDefaults#MAX_BLOCKS_PER_TRANSFER}. Each check stays within long
     * arithmetic, whatever the values.
     */
    Offer offer() {
        long size = uint(TlvTypes.OBJSIZE);
        long blockSize = uint(TlvTypes.BLOCKSIZE);
        if (size < 0 || blockSize < 1 || blockSize > BlockSizes.DIRECT) {
            problem = TransferDropReason.BAD_OFFER;
            return null;
        }
        if (Offer.blockCountOf(size, blockSize) > TransferDefaults.MAX_BLOCKS_PER_TRANSFER) {
            problem = TransferDropReason.TOO_MANY_BLOCKS;
            return null;
        }
        return new Offer(xferId(), text(TlvTypes.OBJNAME), size, (int) blockSize, bytes(TlvTypes.SHA256),
                bytes(TlvTypes.HASHROOT), Offer.Mode.fromCode(uint(TlvTypes.XFERMODE)));
    }
}
