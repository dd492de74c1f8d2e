package org.ptpmesh.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * The addresses a node bound on {@code bindAddress} can be reached at, as the runtime reports
 * them through {@link org.ptpmesh.node.Node#onAddressesChanged}: the bind address itself when it
 * is a specific one, else every up interface's addresses except loopback and link-local, IPv4
 * first (a peer advertises the first as its LAN address, and NATed LANs are IPv4), each family
 * in interface order. Listing interfaces costs well under a millisecond, so the runtime simply
 * asks again every few seconds; no netlink.
 */
final class HostAddresses implements Supplier<List<InetAddress>> {

    private final InetAddress bindAddress;

    HostAddresses(InetAddress bindAddress) {
        this.bindAddress = bindAddress;
    }

    @Override
    public List<InetAddress> get() {
        if (!bindAddress.isAnyLocalAddress()) {
            return List.of(bindAddress);
        }
        List<InetAddress> v4 = new ArrayList<>();
        List<InetAddress> v6 = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        (a instanceof Inet4Address ? v4 : v6).add(a);
                    }
                }
            }
        } catch (SocketException e) {
            // interfaces cannot be listed right now: report none rather than stop the node
            return List.of();
        }
        v4.addAll(v6);
        return List.copyOf(v4);
    }
}
