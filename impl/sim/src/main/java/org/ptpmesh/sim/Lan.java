package org.ptpmesh.sim;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The private network behind one {@link NatRouter}. The router is its switch too: hosts on the
 * same LAN reach each other's private addresses directly (no TTL taken off, no translation),
 * everything else goes through the router.
 */
public final class Lan extends Network {

    /** The router takes the first address of the subnet. */
    static final int ROUTER_INDEX = 1;

    private final NatRouter router;
    private final Subnet subnet;
    private final Map<InetAddress, Attachment> hosts = new HashMap<>();
    private int nextIndex = ROUTER_INDEX + 1;

    Lan(Simulation simulation, NatRouter router, Subnet subnet) {
        super(simulation);
        this.router = router;
        this.subnet = subnet;
    }

    public Subnet subnet() {
        return subnet;
    }

    /** The router's own address on this LAN: the hosts' default gateway. */
    public InetAddress routerAddress() {
        return subnet.address(ROUTER_INDEX);
    }

    /** Hands a datagram to the host that has its destination address, over that host's link. */
    void forward(Packet packet, String from) {
        Attachment to = hosts.get(packet.destination.address());
        if (to == null) {
            simulation.drop(packet, NetworkDropReason.NO_ROUTE, router.name());
            return;
        }
        simulation.transmit(packet, to.link, to, from);
    }

    @Override
    LinkProfile defaultLink() {
        return simulation.defaultLanLink();
    }

    @Override
    Attachment attach(Host host, InetAddress address) {
        InetAddress chosen = address == null ? nextFreeAddress() : address;
        if (!subnet.contains(chosen) || chosen.equals(subnet.address(ROUTER_INDEX))) {
            throw new IllegalArgumentException(chosen.getHostAddress() + " is not a host address of " + subnet);
        }
        if (hosts.containsKey(chosen)) {
            throw new IllegalArgumentException(chosen.getHostAddress() + " is already in use on " + subnet);
        }
        Attachment attachment = new Attachment(host, this, chosen);
        hosts.put(chosen, attachment);
        router.hostJoined(chosen);
        return attachment;
    }

    @Override
    void detach(Attachment attachment) {
        hosts.remove(attachment.address, attachment);
    }

    @Override
    boolean isOnLink(InetAddress destination) {
        return subnet.contains(destination);
    }

    @Override
    void transmit(Attachment from, Packet packet) {
        simulation.transmit(packet, from.link, router.lanSide(), from.host.name());
    }

    private InetAddress nextFreeAddress() {
        while (nextIndex < subnet.size() - 1) {
            InetAddress candidate = subnet.address(nextIndex++);
            if (!hosts.containsKey(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("LAN " + subnet + " is full");
    }
}
