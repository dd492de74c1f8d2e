package org.ptpmesh.cli;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.ptpmesh.wire.PeerId;

/** Option values the commands share, parsed with errors that name the option and the expected form. */
final class Args {

    private Args() {
    }

    /**
     * {@code HOST:PORT}, {@code [IPV6]:PORT}, or just {@code HOST} when {@code defaultPort} is not -1.
     *
     * @throws IllegalArgumentException naming {@code option}, for a bad port or a host that does not resolve
     */
    static InetSocketAddress hostPort(String text, String option, int defaultPort) {
        String s = text.trim();
        int colon = s.lastIndexOf(':');
        String host = s;
        int port = defaultPort;
        if (colon > 0 && (s.startsWith("[") ? s.indexOf(']') < colon : s.indexOf(':') == colon)) {
            host = s.substring(0, colon);
            try {
                port = Integer.parseInt(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": port is not a number in '" + text + "'");
            }
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(option + ": '" + text + "' needs a port 1-65535, as HOST:PORT");
        }
        host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return new InetSocketAddress(host(host, option), port);
    }

    /**
     * A host name or address literal.
     *
     * @throws IllegalArgumentException naming {@code option}, when it does not resolve
     */
    static InetAddress host(String host, String option) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(option + ": cannot resolve '" + host + "'");
        }
    }

    /** A 16-byte peer id given as 32 hex digits. */
    static PeerId peerId(String hex, String option) {
        if (!hex.matches("[0-9a-fA-F]{32}")) {
            throw new IllegalArgumentException(option + " must be 32 hex digits (a 16-byte peer id), got '" + hex + "'");
        }
        return PeerId.of(HexFormat.of().parseHex(hex));
    }

    /** The wildcard address of {@code target}'s family, to send to it from any local address. */
    static InetAddress anyAddressFor(InetSocketAddress target) throws UnknownHostException {
        return InetAddress.getByName(target.getAddress() instanceof Inet6Address ? "::" : "0.0.0.0");
    }

    /** A UDP port option: {@code lowest}-65535 (0 means any free port, where allowed). */
    static void port(int port, String option, int lowest) {
        if (port < lowest || port > 65535) {
            throw new IllegalArgumentException(option + " must be " + lowest + "-65535, got " + port);
        }
    }

    /** A count option that must allow at least one (a limit of transfers). */
    static void atLeastOne(int value, String option) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + value);
        }
    }

    /** A {@code --dir} to store files in: an existing, writable directory. */
    static void writableDirectory(Path dir) {
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IllegalArgumentException("--dir " + dir + ": not a writable directory; create it first");
        }
    }
}
