package org.ptpmesh.sim;

import java.net.InetAddress;
import java.util.List;
import org.ptpmesh.sim.nat.FirewallTable;
import org.ptpmesh.sim.nat.FlowTable;
import org.ptpmesh.sim.nat.NatFlow;
import org.ptpmesh.sim.nat.NatModel;
import org.ptpmesh.sim.nat.NatTable;
import org.ptpmesh.sim.nat.OneToOneTable;
import org.ptpmesh.sim.nat.UnsolicitedEntry;

/**
 * A home router: a {@link Lan} on one side, an uplink to the {@link Internet} on the other, and a
 * NAT (or, for {@link NatModel#statefulFirewall()}, a firewall that only filters) between them
 * that behaves as its {@link NatModel} says. Forwarding in either direction
 * takes one off the TTL; a datagram the NAT does not let in is not forwarded, so its TTL does not
 * matter (and, with conntrack, it still leaves an entry behind).
 */
public final class NatRouter {

    private final Simulation simulation;
    private final String name;
    private final NatModel model;
    private final InetAddress publicAddress;
    private final Lan lan;
    private final NatTable table;
    private final PacketReceiver lanSide = this::fromLan;
    private final Site wanSide = new WanSide();
    private LinkProfile uplink;

    NatRouter(Simulation simulation, String name, NatModel model, InetAddress publicAddress, Subnet subnet) {
        this.simulation = simulation;
        this.name = name;
        this.model = model;
        this.publicAddress = publicAddress;
        this.uplink = simulation.defaultUplink();
        this.table = switch (model.mapping()) {
            case ONE_TO_ONE -> new OneToOneTable();
            case NONE -> new FirewallTable(model);
            default -> new FlowTable(model, publicAddress, simulation.random("nat:" + name));
        };
        this.lan = new Lan(simulation, this, subnet);
        simulation.internet().route(publicAddress, wanSide);
    }

    public String name() {
        return name;
    }

    public NatModel model() {
        return model;
    }

    /** The router's own public address: the one every mapping uses, except on a one-to-one NAT. */
    public InetAddress publicAddress() {
        return publicAddress;
    }

    /**
     * On a one-to-one NAT, the public address paired with {@code host}'s LAN address; behind a
     * firewall, which translates nothing, the host's own address; else {@link #publicAddress()}.
     */
    public InetAddress publicAddressOf(Host host) {
        if (table instanceof OneToOneTable pairs) {
            return pairs.publicAddressOf(host.address());
        }
        return table instanceof FirewallTable ? host.address() : publicAddress;
    }

    public Lan lan() {
        return lan;
    }

    public void setUplink(LinkProfile link) {
        this.uplink = link;
    }

    /** The mappings alive now (none on a one-to-one NAT, which keeps no per-flow state). */
    public List<NatFlow> flows() {
        return table.flows(simulation.now());
    }

    /** Conntrack entries left by unsolicited packets, alive now; empty unless the model has {@code linuxConntrack}. */
    public List<UnsolicitedEntry> unsolicitedEntries() {
        return table instanceof FlowTable flows ? flows.unsolicitedEntries(simulation.now()) : List.of();
    }

    PacketReceiver lanSide() {
        return lanSide;
    }

    /**
     * A one-to-one NAT pairs every host that joins its LAN with a public address of its own;
     * behind a firewall the host's own address is routed to this router.
     */
    void hostJoined(InetAddress lanAddress) {
        if (table instanceof FirewallTable) {
            simulation.internet().route(lanAddress, wanSide);
            return;
        }
        if (table instanceof OneToOneTable pairs && pairs.publicAddressOf(lanAddress) == null) {
            InetAddress paired = simulation.internet().allocate();
            pairs.assign(lanAddress, paired);
            simulation.internet().route(paired, wanSide);
        }
    }

    private void fromLan(Packet packet) {
        InetAddress destination = packet.destination.address();
        if (lan.isOnLink(destination)) {
            lan.forward(packet, name);
            return;
        }
        boolean hairpin = simulation.internet().routesTo(destination, wanSide);
        if (hairpin && !model.hairpinning()) {
            // without hairpin rules the router keeps the datagram for itself: no mapping is made
            simulation.drop(packet, NetworkDropReason.NO_HAIRPIN, name);
            return;
        }
        if (!packet.decrementTtl()) {
            simulation.drop(packet, NetworkDropReason.TTL_EXPIRED, name);
            return;
        }
        packet.source = table.outbound(packet.source, packet.destination, simulation.now());
        if (hairpin) {
            if (translateInbound(packet)) {
                lan.forward(packet, name);
            }
            return;
        }
        simulation.transmit(packet, uplink, simulation.internet(), name);
    }

    private boolean translateInbound(Packet packet) {
        var inside = table.inbound(packet.destination, packet.source, simulation.now());
        if (inside == null) {
            simulation.drop(packet, NetworkDropReason.NAT_FILTER, name);
            return false;
        }
        packet.destination = inside;
        return true;
    }

    private final class WanSide implements Site {

        @Override
        public void receive(Packet packet) {
            if (!translateInbound(packet)) {
                return;
            }
            if (!packet.decrementTtl()) {
                simulation.drop(packet, NetworkDropReason.TTL_EXPIRED, name);
                return;
            }
            lan.forward(packet, name);
        }

        @Override
        public LinkProfile uplink() {
            return uplink;
        }
    }
}
