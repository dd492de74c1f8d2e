package org.ptpmesh.net;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import java.nio.channels.DatagramChannel;

/**
 * Sets the IP TTL (IPv6 hop limit) of unicast datagrams on a channel. Java has no option for it,
 * and NAT openers need a low one (docs/protocol.md, "Openers"), so this calls setsockopt through
 * JNA on the channel's descriptor ({@link SocketDescriptor}).
 */
final class UnicastTtl {

    /** Linux takes -1 as "back to the system default". */
    static final int SYSTEM_DEFAULT = -1;

    private static final int IPPROTO_IP = 0;
    private static final int IP_TTL = 2;
    private static final int IPPROTO_IPV6 = 41;
    private static final int IPV6_UNICAST_HOPS = 16;

    private interface LibC extends Library {
        int setsockopt(int fd, int level, int name, IntByReference value, int length);
    }

    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

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
            SocketDescriptor.reachable();
            Holder.LIBC.hashCode();
        } catch (RuntimeException | LinkageError e) {
            // reported by set() when a low TTL is really needed
        }
    }

    static void set(DatagramChannel channel, int ttl) {
        int fd = SocketDescriptor.of(channel);
        IntByReference value = new IntByReference(ttl);
        int v4 = Holder.LIBC.setsockopt(fd, IPPROTO_IP, IP_TTL, value, 4);
        // a dual-stack socket sends IPv6 too; an IPv4-only one refuses this, which is fine
        Holder.LIBC.setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, value, 4);
        if (v4 != 0) {
            throw new UnsupportedOperationException("setsockopt(IP_TTL, " + ttl + ") failed with errno " + Native.getLastError());
        }
    }
}
