package org.ptpmesh.sim;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Hands out the simulated internet's public addresses: first the three documentation ranges
 * (RFC 5737), then the benchmarking range 198.18.0.0/15 (RFC 2544) for large scenarios, so a
 * trace never shows a real routable address. A released address is not handed out again.
 */
final class PublicAddressPool {

    private static final List<Subnet> RANGES = List.of(
            Subnet.parse("203.0.113.0/24"), Subnet.parse("198.51.100.0/24"),
            Subnet.parse("192.0.2.0/24"), Subnet.parse("198.18.0.0/15"));

    private final Set<InetAddress> taken = new HashSet<>();
    private int range;
    private int index = 1;

    InetAddress next() {
        while (range < RANGES.size()) {
            Subnet subnet = RANGES.get(range);
            if (index >= subnet.size() - 1) {
                range++;
                index = 1;
                continue;
            }
            InetAddress candidate = subnet.address(index++);
            if (taken.add(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("the simulated internet ran out of public addresses");
    }

    void claim(InetAddress address) {
        if (!taken.add(address)) {
            throw new IllegalArgumentException(address.getHostAddress() + " is already in use on the internet");
        }
    }
}
