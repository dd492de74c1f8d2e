package org.ptpmesh.cli;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;
import org.ptpmesh.identity.PublicKeys;
import org.ptpmesh.wire.Endpoint;

/**
 * An introducer as a client names it: {@code HOST:PORT}, or {@code HOST:PORT@KEY} to pin its
 * public key (base64, as {@code ptpmesh identity} prints it, or 64 hex digits), so the first
 * contact cannot be answered by anyone else (docs/protocol.md 6.9, "Threat model"). A transfer's
 * receiver or server is named the same way ({@code send --to}, {@code fetch --from}).
 *
 * @param key the pinned key, or null
 */
record IntroducerAddress(InetSocketAddress address, byte[] key) {

    /** What the syntax is, for --help. */
    static final String HELP = "Add @KEY to pin an introducer's public key (base64, as 'ptpmesh identity' prints it on the"
            + " introducer, or 64 hex digits): without it, the key it shows at first contact is recorded and trusted from then on.";

    /**
     * Parses {@code text}; {@code defaultPort} as in {@link Args#hostPort}.
     *
     * @throws IllegalArgumentException naming {@code option}: a missing or bad port, a host that does not resolve, a bad key
     */
    static IntroducerAddress parse(String text, String option, int defaultPort) {
        int at = text.lastIndexOf('@');
        String where = at < 0 ? text : text.substring(0, at);
        byte[] key = null;
        if (at >= 0) {
            try {
                key = PublicKeys.parse(text.substring(at + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + ": bad key in '" + text + "': " + e.getMessage());
            }
        }
        return new IntroducerAddress(Args.hostPort(where, option, defaultPort), key);
    }

    Endpoint endpoint() {
        return Endpoint.of(address);
    }

    /** Adds the pin, if any, to {@code pins}; one introducer pinned twice must be pinned alike. */
    void pinInto(Map<Endpoint, byte[]> pins, String option) {
        if (key == null) {
            return;
        }
        byte[] earlier = pins.putIfAbsent(endpoint(), key);
        if (earlier != null && !Arrays.equals(earlier, key)) {
            throw new IllegalArgumentException(option + ": " + endpoint() + " is pinned to two different keys");
        }
    }
}
