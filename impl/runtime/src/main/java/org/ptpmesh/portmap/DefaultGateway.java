package org.ptpmesh.portmap;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds where to ask for a port mapping: the IPv4 default route's gateway, read from the
 * kernel's routing table, and our address toward it (what the kernel would send from; connecting
 * a UDP socket sends nothing). Linux only; elsewhere, or with no default route, there is none
 * and the peer asks no gateway.
 */
public final class DefaultGateway {

    /**
     * The calling thread's own view: a thread that entered another network namespace (a lab
     * host) sees that namespace's routes here, where /proc/net would show the process's.
     */
    private static final Path ROUTES = Path.of("/proc/thread-self/net/route");
    private static final int RTF_UP = 0x1;
    private static final int RTF_GATEWAY = 0x2;

    private DefaultGateway() {
    }

    /** The gateway and our address toward it, if this host has an IPv4 default route through one. */
    public static Optional<PortMapGateway> find() {
        try {
            Optional<InetAddress> gateway = parseRoutes(Files.readString(ROUTES));
            if (gateway.isEmpty()) {
                return Optional.empty();
            }
            try (DatagramSocket probe = new DatagramSocket()) {
                probe.connect(new InetSocketAddress(gateway.get(), PortMapDefaults.GATEWAY_PORT));
                return Optional.of(new PortMapGateway(gateway.get(), probe.getLocalAddress()));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The gateway of the default route with the lowest metric in a {@code /proc/net/route} table:
     * lines of {@code Iface Destination Gateway Flags RefCnt Use Metric Mask ...}, addresses in
     * hex, in the host's byte order (little-endian on every machine ptpmesh runs on).
     */
    static Optional<InetAddress> parseRoutes(String table) {
        InetAddress best = null;
        long bestMetric = Long.MAX_VALUE;
        for (String line : table.lines().skip(1).toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8 || !f[1].equals("00000000") || !f[7].equals("00000000")) {
                continue;
            }
            try {
                int flags = Integer.parseInt(f[3], 16);
                long metric = Long.parseLong(f[6]);
                if ((flags & (RTF_UP | RTF_GATEWAY)) == (RTF_UP | RTF_GATEWAY) && metric < bestMetric) {
                    best = littleEndian(f[2]);
                    bestMetric = metric;
                }
            } catch (NumberFormatException | UnknownHostException e) {
                // a line this parser does not understand is no default route
            }
        }
        return Optional.ofNullable(best);
    }

    private static InetAddress littleEndian(String hex) throws UnknownHostException {
        long v = Long.parseLong(hex, 16);
        byte[] b = {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
        InetAddress address = InetAddress.getByAddress(b);
        if (!(address instanceof Inet4Address) || address.isAnyLocalAddress()) {
            throw new UnknownHostException("no gateway: " + hex);
        }
        return address;
    }
}
