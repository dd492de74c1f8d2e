package org.ptpmesh.net;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import java.nio.channels.DatagramChannel;

/**
 * The integer socket options Java has no name for (the unicast TTL and hop limit, IPv6-only),
 * set with setsockopt through JNA on the channel's descriptor ({@link SocketDescriptor}).
 * Linux's numbers.
 */
final class SocketOptions {

    static final int IPPROTO_IP = 0;
    static final int IP_TTL = 2;
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_UNICAST_HOPS = 16;
    static final int IPV6_V6ONLY = 26;

    private interface LibC extends Library {
        int setsockopt(int fd, int level, int name, IntByReference value, int length);
    }

    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    private SocketOptions() {
    }

    /** Loads libc through JNA and checks the descriptor can be reached; throws what stands in the way. */
    static void load() {
        SocketDescriptor.reachable();
        Holder.LIBC.hashCode();
    }

    /** Sets an int option; returns 0, or the errno of the refusal. */
    static int set(DatagramChannel channel, int level, int name, int value) {
        int fd = SocketDescriptor.of(channel);
        return Holder.LIBC.setsockopt(fd, level, name, new IntByReference(value), 4) == 0 ? 0 : Native.getLastError();
    }

    /**
     * Makes an IPv6 socket refuse IPv4 (IPV6_V6ONLY; Java leaves every IPv6 socket dual-stack).
     * Only before the bind.
     */
    static void ipv6Only(DatagramChannel channel) {
        int errno = set(channel, IPPROTO_IPV6, IPV6_V6ONLY, 1);
        if (errno != 0) {
            throw new UnsupportedOperationException("setsockopt(IPV6_V6ONLY) failed with errno " + errno);
        }
    }
}
