package org.ptpmesh.identity;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.function.Consumer;
import org.ptpmesh.secure.Identity;
import org.ptpmesh.secure.IntroducerTrust;
import org.ptpmesh.secure.KeyLog;
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

    @Override
    public void close() throws IOException {
        if (keyLog instanceof Closeable log) {
            log.close();
        }
    }
}
