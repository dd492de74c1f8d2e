package org.ptpmesh.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.ptpmesh.noise.DhKeyPair;
import org.ptpmesh.noise.HandshakePattern;
import org.ptpmesh.noise.HandshakeState;
import org.ptpmesh.noise.NoiseException;
import org.ptpmesh.secure.KeyedPeerId;

/**
 * The handshakes behind the test vectors of docs/protocol.md section 10: an IK and an XX run
 * between two fixed identities with fixed ephemeral keys, so every NOISE byte of those vectors
 * can be made again (and checked by hand with any Noise library).
 */
final class KeyedVectors {

    static final String PROLOGUE = "ptpmesh noise v1";
    static final byte[] INITIATOR_STATIC = fill(0x11);
    static final byte[] INITIATOR_EPHEMERAL = fill(0x12);
    static final byte[] RESPONDER_STATIC = fill(0x21);
    static final byte[] RESPONDER_EPHEMERAL = fill(0x22);
    static final long INITIATOR_SESSION = 0x6d2a91f4L;
    static final long RESPONDER_SESSION = 0x0b93c257L;
    /** The XX init's padding: it makes the init as large as the XX answer (docs/protocol.md 6.9). */
    static final int XX_PADDING = 65;

    private KeyedVectors() {
    }

    /** The messages of one complete run of {@code pattern}, in order. */
    static List<byte[]> run(HandshakePattern pattern) throws NoiseException {
        DhKeyPair initiatorKeys = DhKeyPair.fromPrivateKey(INITIATOR_STATIC);
        DhKeyPair responderKeys = DhKeyPair.fromPrivateKey(RESPONDER_STATIC);
        byte[] prologue = PROLOGUE.getBytes(StandardCharsets.US_ASCII);
        HandshakeState initiator = HandshakeState.initiator(pattern, prologue, initiatorKeys,
                pattern.responderStaticKnown() ? responderKeys.publicKey() : null, INITIATOR_EPHEMERAL::clone);
        HandshakeState responder = HandshakeState.responder(pattern, prologue, responderKeys, RESPONDER_EPHEMERAL::clone);
        List<byte[]> messages = new ArrayList<>();
        HandshakeState writer = initiator;
        HandshakeState reader = responder;
        while (!initiator.isComplete()) {
            byte[] message = writer.writeMessage(new byte[0]);
            reader.readMessage(message);
            messages.add(message);
            HandshakeState next = reader;
            reader = writer;
            writer = next;
        }
        return messages;
    }

    static byte[] initiatorId() {
        return KeyedPeerId.of(DhKeyPair.fromPrivateKey(INITIATOR_STATIC).publicKey()).bytes();
    }

    static byte[] responderId() {
        return KeyedPeerId.of(DhKeyPair.fromPrivateKey(RESPONDER_STATIC).publicKey()).bytes();
    }

    static byte[] responderPublicKey() {
        return DhKeyPair.fromPrivateKey(RESPONDER_STATIC).publicKey();
    }

    /** Message {@code number} (from 1) of a run of {@code pattern}, in the datagram its sender sends. */
    static Message datagram(HandshakePattern pattern, int number) throws NoiseException {
        byte[] noise = run(pattern).get(number - 1);
        Message.Builder m = switch (number) {
            case 1 -> {
                Message.Builder init = Message.of(MessageKind.HANDSHAKE_INIT, initiatorId())
                        .uint(TlvTypes.SESSION, INITIATOR_SESSION)
                        .uint(TlvTypes.PATTERN, pattern == HandshakePattern.IK ? 1 : 0);
                yield init.fragments(TlvTypes.NOISE, noise);
            }
            case 2 -> Message.of(MessageKind.HANDSHAKE_RESP, responderId())
                    .uint(TlvTypes.SESSION, RESPONDER_SESSION).uint(TlvTypes.PEERSESSION, INITIATOR_SESSION)
                    .fragments(TlvTypes.NOISE, noise);
            default -> Message.of(MessageKind.HANDSHAKE_FINISH, initiatorId())
                    .uint(TlvTypes.PEERSESSION, RESPONDER_SESSION).fragments(TlvTypes.NOISE, noise);
        };
        if (number == 1 && pattern == HandshakePattern.XX) {
            m.bytes(TlvTypes.PADDING, new byte[XX_PADDING]);
        }
        return m.build();
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static byte[] fill(int b) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) b);
        return key;
    }
}
