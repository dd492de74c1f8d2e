package org.ptpmesh.wire;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IP address and UDP port: the value of every Address TLV and the source or destination of
 * every datagram. Built only from literal addresses, so creating one never touches DNS.
 */
public record Endpoint(InetAddress address, int port) implements Comparable<Endpoint> {

    public Endpoint {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range 0-65535: " + port);
        }
    }

    /** Parses a literal IPv4 or IPv6 address (no host names: nothing here resolves). */
    public static Endpoint of(String literal, int port) {
        return new Endpoint(parseLiteral(literal), port);
    }

    /** Parses {@code 1.2.3.4:5}, {@code [::1]:5}. */
    public static Endpoint parse(String text) {
        String s = text.trim();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("expected ADDRESS:PORT (IPv6 as [ADDRESS]:PORT), got '" + text + "'");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("IPv6 addresses need brackets, as [ADDRESS]:PORT: '" + text + "'");
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number in '" + text + "'");
        }
        return of(host, port);
    }

    public static Endpoint of(InetSocketAddress socketAddress) {
        return new Endpoint(socketAddress.getAddress(), socketAddress.getPort());
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(address, port);
    }

    public boolean isIpv4() {
        return address.getAddress().length == 4;
    }

    /** The address without the port, as text (IPv6 in its compressed form, no brackets). */
    public String host() {
        return isIpv4() ? address.getHostAddress() : compressIpv6(address.getAddress());
    }

    /** RFC 5952 text: lowercase hex, leading zeros dropped, the longest run of zero groups as "::". */
    private static String compressIpv6(byte[] a) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((a[2 * i] & 0xFF) << 8) | (a[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return isIpv4() ? host() + ":" + port : "[" + host() + "]:" + port;
    }

    @Override
    public int compareTo(Endpoint other) {
        byte[] a = address.getAddress();
        byte[] b = other.address.getAddress();
        if (a.length != b.length) {
            return Integer.compare(a.length, b.length);
        }
        int c = java.util.Arrays.compareUnsigned(a, b);
        return c != 0 ? c : Integer.compare(port, other.port);
    }

    static InetAddress parseLiteral(String literal) {
        if (!looksLikeLiteral(literal)) {
            throw new IllegalArgumentException("not an IP address literal: '" + literal + "'");
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: '" + literal + "'", e);
        }
    }

    private static boolean looksLikeLiteral(String s) {
        if (s.isEmpty()) {
            return false;
        }
        if (s.indexOf(':') >= 0) {
            return s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
