package org.ptpmesh.cli;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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
public record IntroducerAddress(InetSocketAddress address, byte[] key) {

    /** What the syntax is, for --help. */
    public static final String HELP = "Add @KEY to pin an introducer's public key (base64, as 'ptpmesh identity' prints it on the"
            + " introducer, or 64 hex digits): without it, the key it shows at first contact is recorded and trusted from then on.";

    /**
     * Parses {@code text}; {@code defaultPort} as in {@link Args#hostPort}.
     *
     * @throws IllegalArgumentException naming {@code option}: a missing or bad port, a host that does not resolve, a bad key
     */
    public static IntroducerAddress parse(String text, String option, int defaultPort) {
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

    /**
     * The two introducers of {@code text}, {@code HOST:PORT[@KEY],HOST:PORT[@KEY]}, as the NAT check
     * wants them.
     *
     * @throws IllegalArgumentException naming {@code option}: not two, or one that {@link #parse} refuses
     */
    public static List<IntroducerAddress> pair(String text, String option) {
        String[] parts = text.split(",");
        if (parts.length != 2) {
            throw new IllegalArgumentException(option + " wants two HOST:PORT[@KEY] separated by a comma, got '" + text + "'");
        }
        return List.of(parse(parts[0], option, -1), parse(parts[1], option, -1));
    }

    /** The keys {@code introducers} pin, by endpoint. */
    public static Map<Endpoint, byte[]> pins(List<IntroducerAddress> introducers, String option) {
        Map<Endpoint, byte[]> pins = new HashMap<>();
        introducers.forEach(i -> i.pinInto(pins, option));
        return pins;
    }

    public Endpoint endpoint() {
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
