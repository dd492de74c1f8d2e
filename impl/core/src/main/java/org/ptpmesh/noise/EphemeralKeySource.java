package org.ptpmesh.noise;

/**
 * Where a handshake gets its ephemeral private keys. The core reads no random source: the runtime
 * fills this from a SecureRandom, the simulator from its seeded random, the tests from fixed bytes.
 */
@FunctionalInterface
public interface EphemeralKeySource {

    /** 32 fresh private-key bytes, never handed out before. */
    byte[] nextPrivateKey();
}
