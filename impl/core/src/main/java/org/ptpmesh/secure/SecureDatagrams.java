package org.ptpmesh.secure;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.ptpmesh.noise.CounterCipher;
import org.ptpmesh.noise.HandshakePattern;
import org.ptpmesh.noise.NoiseException;
import org.ptpmesh.noise.NoiseLimits;
import org.ptpmesh.wire.Datagram;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.DatagramWriter;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * The datagrams of docs/protocol.md 6.9, written and read through the wire codec: the three
 * handshake messages, each Noise message in {@code NOISE} TLVs of 253 bytes, and SEALED, whose
 * associated data is every byte before its first {@code SEALED} TLV.
 */
public final class SecureDatagrams {

    /** Mixed into every handshake, so a ptpmesh handshake is never taken for another protocol's. */
    public static final byte[] PROLOGUE = "ptpmesh noise v1".getBytes(StandardCharsets.US_ASCII);

    /** The {@code PATTERN} values. */
    public static final int PATTERN_XX = 0;
    public static final int PATTERN_IK = 1;

    private static final int TLV_HEADER = 2;
    private static final int UUID_TLV = TLV_HEADER + TlvTypes.PEER_ID_LENGTH;
    private static final int MSGKIND_TLV = TLV_HEADER + 1;
    private static final int INDEX_TLV = TLV_HEADER + 4;
    private static final int PATTERN_TLV = TLV_HEADER + 1;
    static final int COUNTER_WIDTH = 8;
    private static final int COUNTER_TLV = TLV_HEADER + COUNTER_WIDTH;
    private static final int FRAMING = Datagram.VERSION_SIZE + Datagram.CHECKSUM_SIZE;

    /** A SEALED datagram less its SEALED TLVs: version, MSGKIND, UUID, PEERSESSION, COUNTER (8 bytes wide), checksum. */
    public static final int SEALED_HEADER = FRAMING + MSGKIND_TLV + UUID_TLV + INDEX_TLV + COUNTER_TLV;

    /**
     * The largest inner datagram that fits sealed in {@link Datagram#MAX_SIZE}: 1,332 bytes, the
     * tag and the SEALED TLVs' headers added. A transfer that is sealed uses 1,280-byte blocks.
     */
    public static final int MAX_SEALABLE = maxSealable();

    /**
     * The PADDING an XX init carries so that it is as large as the answer (65 bytes): a responder
     * answers no datagram with a larger one, and the XX answer carries the responder's static key.
     */
    public static final int XX_PADDING = respLength(HandshakePattern.XX) - initLength(HandshakePattern.XX, 0) - TLV_HEADER;

    private static final byte[] ZEROS = new byte[TlvTypes.MAX_VALUE_LENGTH];

    private SecureDatagrams() {
    }

    /** The PATTERN code of {@code pattern}. */
    public static int patternCode(HandshakePattern pattern) {
        return pattern == HandshakePattern.IK ? PATTERN_IK : PATTERN_XX;
    }

    /** The pattern a PATTERN code names, or null for a code no node speaks. */
    public static HandshakePattern patternOf(long code) {
        if (code == PATTERN_XX) {
            return HandshakePattern.XX;
        }
        return code == PATTERN_IK ? HandshakePattern.IK : null;
    }

    /**
     * A HANDSHAKE_INIT: the initiator's id, its session index, the pattern, Noise message 1, and
     * for XX the padding that makes it no smaller than the answer.
     */
    public static byte[] init(PeerId self, long session, HandshakePattern pattern, byte[] noise) {
        return init(self, session, pattern, noise, -1);
    }

    /** A HANDSHAKE_INIT of a punch: as {@link #init(PeerId, long, HandshakePattern, byte[])}, with the INTRO's {@code ATTEMPT} (none when negative). */
    public static byte[] init(PeerId self, long session, HandshakePattern pattern, byte[] noise, long attempt) {
        byte[] buffer = new byte[Datagram.MAX_SIZE];
        DatagramWriter w = start(buffer, MessageKind.HANDSHAKE_INIT, self).putUint(TlvTypes.SESSION, session, 4)
                .putUint(TlvTypes.PATTERN, patternCode(pattern), 1);
        if (attempt >= 0) {
            w.putUint(TlvTypes.ATTEMPT, attempt, 4);
        }
        putFragments(w, TlvTypes.NOISE, noise);
        if (pattern == HandshakePattern.XX) {
            w.putBytes(TlvTypes.PADDING, ZEROS, 0, XX_PADDING);
        }
        return Arrays.copyOf(buffer, w.finish());
    }

    /** A HANDSHAKE_RESP: the responder's id and index, the initiator's index, Noise message 2. */
    public static byte[] resp(PeerId self, long session, long peerSession, byte[] noise) {
        byte[] buffer = new byte[Datagram.MAX_SIZE];
        DatagramWriter w = start(buffer, MessageKind.HANDSHAKE_RESP, self).putUint(TlvTypes.SESSION, session, 4)
                .putUint(TlvTypes.PEERSESSION, peerSession, 4);
        putFragments(w, TlvTypes.NOISE, noise);
        return Arrays.copyOf(buffer, w.finish());
    }

    /** A HANDSHAKE_FINISH (XX): the initiator's id, the responder's index, Noise message 3. */
    public static byte[] finish(PeerId self, long peerSession, byte[] noise) {
        byte[] buffer = new byte[Datagram.MAX_SIZE];
        DatagramWriter w = start(buffer, MessageKind.HANDSHAKE_FINISH, self).putUint(TlvTypes.PEERSESSION, peerSession, 4);
        putFragments(w, TlvTypes.NOISE, noise);
        return Arrays.copyOf(buffer, w.finish());
    }

    /**
     * {@code inner}, a complete datagram, sealed for the session the addressee numbered {@code
     * peerSession}, under {@code sending}'s next counter. A node sealing datagram after datagram
     * keeps a {@link Sealer} instead, which reuses its buffers.
     *
     * @throws IllegalArgumentException when {@code inner} is larger than {@link #MAX_SEALABLE}
     */
    public static byte[] sealed(PeerId self, long peerSession, CounterCipher sending, byte[] inner) throws NoiseException {
        return new Sealer().seal(self, peerSession, sending, inner);
    }

    /** The bytes before the first SEALED TLV of a SEALED datagram: what its tag authenticates beside the inner datagram. */
    public static byte[] associatedData(DatagramView view) {
        return Arrays.copyOf(view.buffer(), associatedDataLength(view));
    }

    /** The length of {@link #associatedData}: the bytes from the datagram's start to its first SEALED TLV. */
    static int associatedDataLength(DatagramView view) {
        return view.valueOffset(view.indexOf(TlvTypes.SEALED)) - TLV_HEADER;
    }

    /** The values of every TLV of {@code type}, in order, joined: a Noise message or a sealed datagram. */
    public static byte[] joined(DatagramView view, int type) {
        int length = 0;
        for (int i = 0; i < view.tlvCount(); i++) {
            if (view.type(i) == type) {
                length += view.valueLength(i);
            }
        }
        byte[] joined = new byte[length];
        joinInto(view, type, joined);
        return joined;
    }

    /** {@link #joined} written to the start of {@code into}, which is large enough (a datagram's size is); returns its length. */
    static int joinInto(DatagramView view, int type, byte[] into) {
        int length = 0;
        for (int i = 0; i < view.tlvCount(); i++) {
            if (view.type(i) == type) {
                System.arraycopy(view.buffer(), view.valueOffset(i), into, length, view.valueLength(i));
                length += view.valueLength(i);
            }
        }
        return length;
    }

    /** The length of the HANDSHAKE_RESP of {@code pattern}: a responder answers no smaller init. */
    public static int respLength(HandshakePattern pattern) {
        return FRAMING + MSGKIND_TLV + UUID_TLV + 2 * INDEX_TLV + fragmented(pattern.messageLength(1));
    }

    /** The length of the HANDSHAKE_INIT of {@code pattern} with {@code padding} bytes of PADDING (0: none). */
    static int initLength(HandshakePattern pattern, int padding) {
        return FRAMING + MSGKIND_TLV + UUID_TLV + INDEX_TLV + PATTERN_TLV + fragmented(pattern.messageLength(0))
                + (padding > 0 ? TLV_HEADER + padding : 0);
    }

    /** Bytes {@code n} bytes take as TLVs of at most 253 bytes each. */
    private static int fragmented(int n) {
        return n + TLV_HEADER * Math.max(1, (n + TlvTypes.MAX_VALUE_LENGTH - 1) / TlvTypes.MAX_VALUE_LENGTH);
    }

    private static int maxSealable() {
        int sealed = Datagram.MAX_SIZE - SEALED_HEADER;
        while (fragmented(sealed) > Datagram.MAX_SIZE - SEALED_HEADER) {
            sealed--;
        }
        return sealed - NoiseLimits.TAG_LENGTH;
    }

    private static DatagramWriter start(byte[] buffer, MessageKind kind, PeerId self) {
        return start(new DatagramWriter(), buffer, kind, self);
    }

    /** {@code writer} on {@code buffer}, the datagram begun: its MSGKIND and the sender's UUID. */
    static DatagramWriter start(DatagramWriter writer, byte[] buffer, MessageKind kind, PeerId self) {
        return writer.wrap(buffer, 0).putUint(TlvTypes.MSGKIND, kind.code(), 1)
                .putBytes(TlvTypes.UUID, self.bytes(), 0, TlvTypes.PEER_ID_LENGTH);
    }

    private static void putFragments(DatagramWriter w, int type, byte[] value) {
        putFragments(w, type, value, value.length);
    }

    /** {@code value[0..length)} as TLVs of {@code type}, each at most 253 bytes; one empty TLV for nothing. */
    static void putFragments(DatagramWriter w, int type, byte[] value, int length) {
        int off = 0;
        do {
            int len = Math.min(TlvTypes.MAX_VALUE_LENGTH, length - off);
            w.putBytes(type, value, off, len);
            off += len;
        } while (off < length);
    }

}
