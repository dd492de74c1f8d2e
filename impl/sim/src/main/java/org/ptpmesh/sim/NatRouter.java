package org.ptpmesh.sim;

import java.net.InetAddress;
import java.util.List;
import org.ptpmesh.portmap.PortMapDefaults;
import org.ptpmesh.sim.nat.FirewallTable;
import org.ptpmesh.sim.nat.FlowTable;
import org.ptpmesh.sim.nat.NatFlow;
import org.ptpmesh.sim.nat.NatModel;
import org.ptpmesh.sim.nat.NatTable;
import org.ptpmesh.sim.nat.OneToOneTable;
import org.ptpmesh.sim.nat.PortForward;
import org.ptpmesh.sim.nat.UnsolicitedEntry;
import org.ptpmesh.sim.portmap.MappingGateway;
import org.ptpmesh.wire.Endpoint;

/**
 * A home router: a {@link Lan} on one side, an uplink to the {@link Internet} on the other, and a
 * NAT (or, for {@link NatModel#statefulFirewall()}, a firewall that only filters) between them
 * that behaves as its {@link NatModel} says. Forwarding in either direction
 * takes one off the TTL; a datagram the NAT does not let in is not forwarded, so its TTL does not
 * matter (and, with conntrack, it still leaves an entry behind). With a port-mapping service in
 * its model it answers PCP and NAT-PMP on its LAN address ({@link MappingGateway}).
 */
public final class NatRouter {

    private final Simulation simulation;
    private final String name;
    private final NatModel model;
    private final InetAddress publicAddress;
    private final Lan lan;
    private final NatTable table;
    /** Null unless the model has a port-mapping service. */
    private final MappingGateway gateway;
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
        this.gateway = model.portMapService() == NatModel.PortMapService.NONE ? null
                : new MappingGateway((FlowTable) table, publicAddress, model.portMapService(), simulation.now());
        simulation.internet().route(publicAddress, wanSide);
    }

    /** Where a LAN host asks for a port mapping: the router's LAN address, port 5351. */
    public Endpoint portMapGateway() {
        return new Endpoint(lan.routerAddress(), PortMapDefaults.GATEWAY_PORT);
    }

    /** The ports forwarded on request, alive now (empty without a granting port-mapping service). */
    public List<PortForward> forwards() {
        return table instanceof FlowTable flows ? flows.forwards(simulation.now()) : List.of();
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
        if (gateway != null && packet.destination.equals(portMapGateway())) {
            answerMappingRequest(packet);
            return;
        }
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

    /** The router itself receives the request; its answer goes back over the asking host's link. */
    private void answerMappingRequest(Packet request) {
        simulation.delivered(request, name);
        byte[] answer = gateway.answer(request.payload(), request.source, simulation.now());
        if (answer == null) {
            return;
        }
        Packet reply = simulation.newPacket(request.destination, request.source, answer, Simulation.DEFAULT_TTL);
        simulation.sent(reply, name);
        lan.forward(reply, name);
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
