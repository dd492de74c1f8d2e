package org.ptpmesh.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import org.ptpmesh.wire.Endpoint;

/**
 * Which IP families a listening node (ptpserver) takes: both on one dual-stack socket per port,
 * or one of them. Chosen when no bind address is given; a specific address picks its own family.
 */
public enum AddressFamily {
    /** {@code ::} on a dual-stack socket where the host has IPv6, else {@code 0.0.0.0}. */
    BOTH,
    /** {@code 0.0.0.0}: IPv4 only. */
    IPV4,
    /** {@code ::} with IPV6_V6ONLY: IPv6 only. */
    IPV6;

    /** The wildcard address to bind for this choice. */
    public InetAddress wildcard() {
        boolean v6 = this == IPV6 || this == BOTH && ipv6Available();
        try {
            return InetAddress.getByName(v6 ? "::" : "0.0.0.0");
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a literal address did not parse", e);
        }
    }

    /** Whether the sockets must refuse IPv4 ({@link UdpRuntime#ipv6Only}). */
    public boolean ipv6Only() {
        return this == IPV6;
    }

    /**
     * Checks that {@code bind}, a specific address given with this choice, is of its family:
     * {@link #IPV4} wants an IPv4 address, {@link #IPV6} an IPv6 one; {@link #BOTH} takes any
     * (a specific address serves its own family, {@code ::} both).
     */
    public void check(InetAddress bind) {
        boolean v4 = bind instanceof Inet4Address;
        if (this == IPV4 && !v4 || this == IPV6 && v4) {
            String family = v4 ? "IPv6" : "IPv4";
            throw new IllegalArgumentException("address " + new Endpoint(bind, 0).host() + " is not an " + family
                    + " address; give one, or leave the address out");
        }
    }

    /** Whether this host can open and bind an IPv6 socket at all (a kernel without IPv6 cannot). */
    public static boolean ipv6Available() {
        try (DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            c.bind(new InetSocketAddress(InetAddress.getByName("::"), 0));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
