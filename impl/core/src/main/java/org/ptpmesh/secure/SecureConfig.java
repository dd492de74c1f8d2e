package org.ptpmesh.secure;

import java.util.Objects;
import java.util.Set;
import org.ptpmesh.wire.Endpoint;

/**
 * What a {@link SecureNode} is: whose key it holds, which introducer keys it trusts, where it
 * tells session keys, which endpoints it reaches sealed only, and its limits.
 *
 * @param mustSeal endpoints the node talks to only in a session (a client's introducers): its
 *                 first datagram to one starts a handshake. Empty for a server, which seals to
 *                 whoever made a session with it and answers the others plain.
 * @param name     the node's name in trace lines
 */
public record SecureConfig(Identity identity, IntroducerTrust trust, KeyLog keyLog, Set<Endpoint> mustSeal,
                           SecureLimits limits, String name) {

    public SecureConfig {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(keyLog, "keyLog");
        mustSeal = Set.copyOf(mustSeal);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(name, "name");
    }

    /** A server's: no endpoint it must seal to, no introducer it trusts, the introducer's limits. */
    public static SecureConfig server(Identity identity, KeyLog keyLog, String name) {
        return new SecureConfig(identity, IntroducerTrust.FIRST_USE_ONLY, keyLog, Set.of(), SecureLimits.introducer(), name);
    }
}
