package org.ptpmesh.identity;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.ptpmesh.node.Node;
import org.ptpmesh.noise.EphemeralKeySource;
import org.ptpmesh.noise.NoiseLimits;
import org.ptpmesh.secure.Identity;
import org.ptpmesh.secure.IntroducerTrust;
import org.ptpmesh.secure.KeyLog;
import org.ptpmesh.secure.SecureConfig;
import org.ptpmesh.secure.SecureLimits;
import org.ptpmesh.secure.SecureNode;
import org.ptpmesh.wire.Endpoint;

/**
 * What a node needs of its keys (docs/protocol.md 6.9), loaded from its files: its identity,
 * the introducers' keys it trusts, and where it logs session keys. Close it to close the key log.
 *
 * @param identityFile where {@code identity} was read (and made, on a first run)
 */
public record NodeSecurity(Path identityFile, Identity identity, IntroducerTrust trust, KeyLog keyLog) implements Closeable {

    /**
     * Loads (or, on a first run, makes) the identity in {@code identityFile}, opens the known
     * introducers beside it with {@code pins} winning over them, and the key log the
     * environment asks for.
     *
     * @param notes told that a key log is active, why an introducer is refused, and of failures to record
     */
    public static NodeSecurity load(Path identityFile, Map<Endpoint, byte[]> pins, Map<String, String> environment,
                                    Consumer<String> notes, SecureRandom random) throws IdentityException {
        Identity identity = IdentityFile.loadOrCreate(identityFile, random);
        KnownIntroducers trust = KnownIntroducers.open(KnownIntroducers.beside(identityFile), pins, notes);
        return new NodeSecurity(identityFile, identity, trust, KeyLogFile.fromEnvironment(environment, notes));
    }

    /** {@code inner} as a server runs it: it answers every handshake, seals to whoever made a session, and plain to the others. */
    public SecureNode server(Node inner, String name) {
        return sealed(inner, SecureConfig.server(identity, keyLog, name));
    }

    /**
     * {@code inner} as a client runs it: it reaches {@code introducers} sealed only, trusting
     * their keys as {@code introducerTrust} says (this record's {@link #trust}, or a decorator of it).
     */
    public SecureNode client(Node inner, Set<Endpoint> introducers, IntroducerTrust introducerTrust, String name) {
        return sealed(inner, new SecureConfig(identity, introducerTrust, keyLog, introducers, SecureLimits.peer(), name));
    }

    /** {@code inner} inside the session layer {@code config} describes, its ephemeral keys and indexes from a SecureRandom. */
    public static SecureNode sealed(Node inner, SecureConfig config) {
        SecureRandom random = new SecureRandom();
        return new SecureNode(inner, config, ephemeralKeys(random), random);
    }

    /** Handshakes' ephemeral private keys, each fresh from {@code random}. */
    public static EphemeralKeySource ephemeralKeys(SecureRandom random) {
        return () -> {
            byte[] key = new byte[NoiseLimits.DH_LENGTH];
            random.nextBytes(key);
            return key;
        };
    }

    @Override
    public void close() throws IOException {
        if (keyLog instanceof Closeable log) {
            log.close();
        }
    }
}
