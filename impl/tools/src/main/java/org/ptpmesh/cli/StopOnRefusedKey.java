package org.ptpmesh.cli;

import java.util.function.Consumer;
import org.ptpmesh.secure.IntroducerTrust;
import org.ptpmesh.wire.Endpoint;

/**
 * A client's trust in its introducers' keys that stops the client when one is refused: the key
 * it shows is not the one pinned or recorded for it, so retrying would only meet it again. The
 * trust itself says why, and which known_introducers line to delete if the change is legitimate.
 */
final class StopOnRefusedKey implements IntroducerTrust {

    private final IntroducerTrust trust;
    /** Told which introducer was refused. */
    private final Consumer<Endpoint> refusal;

    StopOnRefusedKey(IntroducerTrust trust, Consumer<Endpoint> refusal) {
        this.trust = trust;
        this.refusal = refusal;
    }

    @Override
    public byte[] expectedKey(Endpoint introducer) {
        return trust.expectedKey(introducer);
    }

    @Override
    public boolean firstUse(Endpoint introducer, byte[] key) {
        boolean trusted = trust.firstUse(introducer, key);
        if (!trusted) {
            refusal.accept(introducer);
        }
        return trusted;
    }
}
