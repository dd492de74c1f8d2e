package org.ptpmesh.secure;

import java.util.Set;
import java.util.SplittableRandom;
import org.ptpmesh.node.Node;
import org.ptpmesh.noise.DhKeyPair;
import org.ptpmesh.noise.EphemeralKeySource;
import org.ptpmesh.noise.NoiseLimits;
import org.ptpmesh.wire.Endpoint;

/**
 * Keys, ephemeral keys and session indexes drawn from one seed, and the session layers of an
 * introducer and of peers that reach it sealed: for the tests of peers an introducer introduces.
 */
final class SeededPeers {

    final SplittableRandom random;
    final EphemeralKeySource keys = () -> bytes(NoiseLimits.DH_LENGTH);

    SeededPeers(long seed) {
        random = new SplittableRandom(seed);
    }

    Identity identity() {
        return new Identity(DhKeyPair.fromPrivateKey(bytes(NoiseLimits.DH_LENGTH)));
    }

    byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    SecureNode introducer(Identity id, Node inner) {
        return new SecureNode(inner, SecureConfig.server(id, KeyLog.NONE, "introducer"), keys, random);
    }

    /** A peer around {@code inner} that must reach {@code introducer} sealed and trusts it on first use. */
    SecureNode peer(Identity id, Node inner, Endpoint introducer, String name) {
        return new SecureNode(inner, new SecureConfig(id, IntroducerTrust.FIRST_USE_ONLY, KeyLog.NONE, Set.of(introducer),
                SecureLimits.peer(), name), keys, random);
    }
}
