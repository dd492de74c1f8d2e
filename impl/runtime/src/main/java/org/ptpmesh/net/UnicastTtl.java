package org.ptpmesh.net;

import java.nio.channels.DatagramChannel;

/**
 * Sets the IP TTL and the IPv6 hop limit of unicast datagrams on a channel. Java has no option
 * for either, and NAT and firewall openers need a low one (docs/protocol.md, "Openers"), so this
 * goes through {@link SocketOptions}. A dual-stack socket sends IPv4 with IP_TTL and IPv6 with
 * IPV6_UNICAST_HOPS, so both are set; only the one the destination's family uses must take.
 */
final class UnicastTtl {

    /** Linux takes -1 as "back to the system default", for both options. */
    static final int SYSTEM_DEFAULT = -1;

    private UnicastTtl() {
    }

    /**
     * Loads what {@link #set} needs (libc through JNA, the descriptor accessor) ahead of time.
     * In a cold JVM the first load takes a few hundred milliseconds; paid on the event loop at
     * the first opener, it delayed the opener past the far side's first punch (a Linux NAT then
     * maps this side to another port and the punch fails). Best effort: where it cannot load,
     * {@link #set} reports that at the first low-TTL send, as before.
     */
    static void preload() {
        try {
            SocketOptions.load();
        } catch (RuntimeException | LinkageError e) {
            // reported by set() when a low TTL is really needed
        }
    }

    /**
     * @param ipv6Destination whether the datagram goes out as IPv6: then the hop limit must
     *                        take, else the TTL (an IPv4-only socket refuses the hop limit, an
     *                        IPv6-only one ignores the TTL, both fine)
     */
    static void set(DatagramChannel channel, int ttl, boolean ipv6Destination) {
        int v4 = SocketOptions.set(channel, SocketOptions.IPPROTO_IP, SocketOptions.IP_TTL, ttl);
        int v6 = SocketOptions.set(channel, SocketOptions.IPPROTO_IPV6, SocketOptions.IPV6_UNICAST_HOPS, ttl);
        int errno = ipv6Destination ? v6 : v4;
        if (errno != 0) {
            throw new UnsupportedOperationException("setsockopt(" + (ipv6Destination ? "IPV6_UNICAST_HOPS" : "IP_TTL")
                    + ", " + ttl + ") failed with errno " + errno);
        }
    }
}
