package org.ptpmesh.transfer;

import java.util.Set;
import java.util.random.RandomGenerator;
import org.ptpmesh.node.Node;
import org.ptpmesh.noise.EphemeralKeySource;
import org.ptpmesh.secure.Identity;
import org.ptpmesh.secure.IntroducerTrust;
import org.ptpmesh.secure.KeyLog;
import org.ptpmesh.secure.SecureConfig;
import org.ptpmesh.secure.SecureLimits;
import org.ptpmesh.secure.SecureNode;
import org.ptpmesh.wire.Endpoint;

/**
 * Both ends of a sealed transfer (docs/protocol.md 6.9): each transfer node inside a session
 * layer. The sender knows the receiver's key and reaches it sealed, by an IK handshake its first
 * datagram starts; the receiver answers the handshake and seals its replies in that session. The
 * sender's {@link TransferEndpoint} must run {@link TransferConfig#sealed()}, so that its BLOCKs
 * fit sealed; its commands go through {@link SecureNode#callInner}.
 */
public final class SealedTransfers {

    private SealedTransfers() {
    }

    /** The sender's node: {@code inner} (a transfer node) reaching {@code receiver} sealed under {@code receiverKey}. */
    public static SecureNode sender(Node inner, Identity identity, Endpoint receiver, byte[] receiverKey, KeyLog keyLog,
                                    EphemeralKeySource ephemeralKeys, RandomGenerator random) {
        SecureConfig config = new SecureConfig(identity, IntroducerTrust.pinned(receiver, receiverKey), keyLog, Set.of(receiver),
                SecureLimits.peer(), "sender");
        return new SecureNode(inner, config, ephemeralKeys, random);
    }

    /** The receiver's node: {@code inner} answering handshakes and sealing to whoever made a session with it. */
    public static SecureNode receiver(Node inner, Identity identity, KeyLog keyLog, EphemeralKeySource ephemeralKeys,
                                      RandomGenerator random) {
        SecureConfig config = new SecureConfig(identity, IntroducerTrust.FIRST_USE_ONLY, keyLog, Set.of(),
                SecureLimits.peer(), "receiver");
        return new SecureNode(inner, config, ephemeralKeys, random);
    }
}
