package org.ptpmesh.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import org.ptpmesh.wire.Endpoint;

/** Questions about this host's own addresses that only the operating system can answer. */
public final class LocalAddresses {

    private LocalAddresses() {
    }

    /**
     * A UDP port free on {@code address} right now (the kernel's pick). Another process could take
     * it before it is bound again; callers that cannot tolerate that bind port 0 themselves.
     */
    public static int freeUdpPort(InetAddress address) {
        try (DatagramChannel c = DatagramChannel.open()) {
            c.bind(new InetSocketAddress(address, 0));
            return ((InetSocketAddress) c.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free UDP port on " + address.getHostAddress(), e);
        }
    }

    /**
     * The local address the routing table picks to reach {@code destination}: what a client
     * announces as its PTPADDR. Connecting a UDP socket sends nothing.
     */
    public static InetAddress toward(Endpoint destination) {
        try (DatagramChannel c = DatagramChannel.open()) {
            c.connect(destination.toSocketAddress());
            return ((InetSocketAddress) c.getLocalAddress()).getAddress();
        } catch (IOException e) {
            throw new UncheckedIOException("no route to " + destination, e);
        }
    }
}
