package org.ptpmesh.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
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

    /**
     * RFC 5952 text: lowercase hex, leading zeros dropped, the longest run of zero groups as "::";
     * an IPv4-mapped address as ::ffff:a.b.c.d (section 5).
     */
    private static String compressIpv6(byte[] a) {
        if (isIpv4Mapped(a)) {
            return "::ffff:" + (a[12] & 0xFF) + "." + (a[13] & 0xFF) + "." + (a[14] & 0xFF) + "." + (a[15] & 0xFF);
        }
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
            InetAddress parsed = InetAddress.getByName(literal);
            if (literal.indexOf(':') >= 0 && parsed instanceof Inet4Address) {
                // an IPv4-mapped IPv6 literal (::ffff:a.b.c.d): keep it IPv6, 18 bytes on the wire
                return inetAddress(ipv4Mapped(parsed.getAddress()));
            }
            return parsed;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: '" + literal + "'", e);
        }
    }

    /**
     * The address of 4 or 16 raw bytes. Sixteen bytes always make an IPv6 address: unlike
     * {@link InetAddress#getByAddress(byte[])}, an IPv4-mapped one (::ffff:a.b.c.d) is not turned
     * into IPv4, so an 18-byte Address value decodes to what re-encodes to the same 18 bytes.
     */
    static InetAddress inetAddress(byte[] ip) {
        try {
            return ip.length == 16 ? Inet6Address.getByAddress(null, ip, -1) : InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an IP address is 4 or 16 bytes, not " + ip.length, e);
        }
    }

    private static byte[] ipv4Mapped(byte[] ipv4) {
        byte[] ip = new byte[16];
        ip[10] = (byte) 0xFF;
        ip[11] = (byte) 0xFF;
        System.arraycopy(ipv4, 0, ip, 12, 4);
        return ip;
    }

    private static boolean isIpv4Mapped(byte[] ip) {
        for (int i = 0; i < 10; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[10] == (byte) 0xFF && ip[11] == (byte) 0xFF;
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
