package org.ptpmesh.noise;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Two parties of one pattern with fixed keys, and the messages between them numbered as the test
 * vectors number them: alternating, the initiator first, the handshake's and then transport
 * messages (with empty associated data).
 */
final class Conversation {

    static final byte[] NO_AD = new byte[0];

    final DhKeyPair initiatorStatic;
    final DhKeyPair responderStatic;
    final HandshakeState initiator;
    final HandshakeState responder;
    private TransportKeys initiatorKeys;
    private TransportKeys responderKeys;

    /** {@code privateKeys}: the initiator's static key, the responder's, then the ephemeral keys in the order they are drawn. */
    Conversation(HandshakePattern pattern, byte[] prologue, List<byte[]> privateKeys) {
        initiatorStatic = DhKeyPair.fromPrivateKey(privateKeys.get(0));
        responderStatic = DhKeyPair.fromPrivateKey(privateKeys.get(1));
        Deque<byte[]> ephemerals = new ArrayDeque<>(privateKeys.subList(2, privateKeys.size()));
        initiator = HandshakeState.initiator(pattern, prologue, initiatorStatic,
                pattern.responderStaticKnown() ? responderStatic.publicKey() : null, ephemerals::removeFirst);
        responder = HandshakeState.responder(pattern, prologue, responderStatic, ephemerals::removeFirst);
    }

    static boolean fromInitiator(int index) {
        return index % 2 == 0;
    }

    /** The handshake state that reads message {@code index}. */
    HandshakeState readerOf(int index) {
        return fromInitiator(index) ? responder : initiator;
    }

    /** Message {@code index} carrying {@code payload}, as its sender writes it. */
    byte[] write(int index, byte[] payload) throws NoiseException {
        HandshakeState writer = fromInitiator(index) ? initiator : responder;
        return writer.isComplete() ? keys(fromInitiator(index)).sending().encryptWithAd(NO_AD, payload) : writer.writeMessage(payload);
    }

    /** The payload of message {@code index}, as its receiver reads it. */
    byte[] read(int index, byte[] message) throws NoiseException {
        HandshakeState reader = readerOf(index);
        return reader.isComplete() ? keys(!fromInitiator(index)).receiving().decryptWithAd(NO_AD, message) : reader.readMessage(message);
    }

    /** One side's transport keys, split once its handshake is complete. */
    TransportKeys keys(boolean initiatorSide) throws NoiseException {
        if (initiatorSide) {
            if (initiatorKeys == null) {
                initiatorKeys = initiator.split();
            }
            return initiatorKeys;
        }
        if (responderKeys == null) {
            responderKeys = responder.split();
        }
        return responderKeys;
    }
}
