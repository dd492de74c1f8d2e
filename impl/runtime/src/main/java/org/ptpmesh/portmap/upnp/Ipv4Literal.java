package org.ptpmesh.portmap.upnp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** A dotted IPv4 address in what a stranger sent, read without ever looking a name up. */
final class Ipv4Literal {

    private static final Pattern DOTTED = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Ipv4Literal() {
    }

    /** The address {@code text} spells, or empty (a name, an octet over 255, anything else). */
    static Optional<InetAddress> parse(String text) {
        if (text == null || !DOTTED.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            InetAddress a = InetAddress.getByName(text);
            return a instanceof Inet4Address ? Optional.of(a) : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
