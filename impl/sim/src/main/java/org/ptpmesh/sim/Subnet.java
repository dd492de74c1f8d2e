package org.ptpmesh.sim;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 prefix such as {@code 192.168.1.0/24}: the address range of one simulated LAN. */
public record Subnet(int network, int prefixLength) {

    public Subnet {
        if (prefixLength < 8 || prefixLength > 30) {
            throw new IllegalArgumentException("a LAN prefix must be /8 to /30: /" + prefixLength);
        }
        if ((network & ~mask(prefixLength)) != 0) {
            throw new IllegalArgumentException("host bits set in " + toText(network) + "/" + prefixLength);
        }
    }

    /** Parses {@code a.b.c.d/n}. */
    public static Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("expected ADDRESS/PREFIX, got '" + cidr + "'");
        }
        InetAddress base = org.ptpmesh.wire.Endpoint.of(cidr.substring(0, slash), 0).address();
        if (base.getAddress().length != 4) {
            throw new IllegalArgumentException("the simulator's LANs are IPv4: '" + cidr + "'");
        }
        return new Subnet(toInt(base), Integer.parseInt(cidr.substring(slash + 1)));
    }

    public boolean contains(InetAddress address) {
        return address.getAddress().length == 4 && (toInt(address) & mask(prefixLength)) == network;
    }

    /** The {@code index}-th address of the range (1 is the router; the last one is broadcast). */
    public InetAddress address(int index) {
        if (index <= 0 || index >= size() - 1) {
            throw new IllegalArgumentException("no host " + index + " in " + this);
        }
        return toAddress(network + index);
    }

    /** Number of addresses, network and broadcast included. */
    public int size() {
        return 1 << (32 - prefixLength);
    }

    @Override
    public String toString() {
        return toText(network) + "/" + prefixLength;
    }

    static int toInt(InetAddress address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    static InetAddress toAddress(int value) {
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an IPv4 address", e);
        }
    }

    private static String toText(int value) {
        return toAddress(value).getHostAddress();
    }

    private static int mask(int prefixLength) {
        return (int) (0xFFFFFFFFL << (32 - prefixLength));
    }
}
