package org.ptpmesh.sim;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The public internet, modelled as one router that every NAT router and public host is attached
 * to by its own uplink. It forwards like any router (one TTL off, dropped at 0), which is what
 * makes a TTL-2 opener from a NATed host die here, past its own NAT and before the far one.
 */
public final class Internet extends Network implements PacketReceiver {

    static final String ROUTER_NAME = "internet";

    private final PublicAddressPool addresses = new PublicAddressPool();
    private final Map<InetAddress, Site> routes = new HashMap<>();
    private final Map<Path, LinkProfile> paths = new HashMap<>();

    Internet(Simulation simulation) {
        super(simulation);
    }

    /**
     * Adds {@code extra} to every datagram between the sites owning {@code a} and {@code b}
     * (both directions), on top of their uplinks: a slow or lossy path between two places.
     */
    public void setPathProfile(InetAddress a, InetAddress b, LinkProfile extra) {
        paths.put(new Path(a, b), extra);
        paths.put(new Path(b, a), extra);
    }

    @Override
    public void receive(Packet packet) {
        if (!packet.decrementTtl()) {
            simulation.drop(packet, NetworkDropReason.TTL_EXPIRED, ROUTER_NAME);
            return;
        }
        Site to = routes.get(packet.destination.address());
        if (to == null) {
            simulation.drop(packet, NetworkDropReason.NO_ROUTE, ROUTER_NAME);
            return;
        }
        LinkProfile link = to.uplink();
        if (!paths.isEmpty()) {
            LinkProfile extra = paths.get(new Path(packet.source.address(), packet.destination.address()));
            link = extra == null ? link : link.then(extra);
        }
        simulation.transmit(packet, link, to, ROUTER_NAME);
    }

    InetAddress allocate() {
        return addresses.next();
    }

    void route(InetAddress address, Site site) {
        routes.put(address, site);
    }

    boolean routesTo(InetAddress address, Site site) {
        return routes.get(address) == site;
    }

    @Override
    LinkProfile defaultLink() {
        return simulation.defaultUplink();
    }

    @Override
    Attachment attach(Host host, InetAddress address) {
        InetAddress chosen = address;
        if (chosen == null) {
            chosen = addresses.next();
        } else {
            addresses.claim(chosen);
        }
        Attachment attachment = new Attachment(host, this, chosen);
        routes.put(chosen, attachment);
        return attachment;
    }

    @Override
    void detach(Attachment attachment) {
        routes.remove(attachment.address, attachment);
    }

    @Override
    boolean isOnLink(InetAddress destination) {
        return false;
    }

    @Override
    void transmit(Attachment from, Packet packet) {
        simulation.transmit(packet, from.link, this, from.host.name());
    }

    private record Path(InetAddress from, InetAddress to) {
    }
}
