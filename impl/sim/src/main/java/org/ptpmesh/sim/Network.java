package org.ptpmesh.sim;

import java.net.InetAddress;
import org.ptpmesh.wire.Endpoint;

/**
 * Where a host can be plugged in: the {@link Internet} (a public host) or the {@link Lan} behind
 * a NAT router. A network hands out the host's address and carries what the host sends.
 */
public abstract sealed class Network permits Internet, Lan {

    final Simulation simulation;

    Network(Simulation simulation) {
        this.simulation = simulation;
    }

    /** A new host with the next free address of this network. */
    public Host addHost(String name) {
        Host host = simulation.newHost(name);
        host.attachTo(this, null);
        return host;
    }

    /** A new host with the given literal address, which must be free (and inside the LAN). */
    public Host addHost(String name, String address) {
        Host host = simulation.newHost(name);
        host.attachTo(this, Endpoint.of(address, 0).address());
        return host;
    }

    /** The link a host gets when it is plugged in here, until it sets its own. */
    abstract LinkProfile defaultLink();

    /** Plugs {@code host} in with {@code address}, or with the next free address when null. */
    abstract Attachment attach(Host host, InetAddress address);

    abstract void detach(Attachment attachment);

    /** Whether {@code destination} is reached on this network without a router. */
    abstract boolean isOnLink(InetAddress destination);

    /** Carries a datagram the host just sent out through {@code from}. */
    abstract void transmit(Attachment from, Packet packet);
}
