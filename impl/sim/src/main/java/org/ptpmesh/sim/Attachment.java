package org.ptpmesh.sim;

import java.net.InetAddress;

/** One of a host's network interfaces: its address on one network and its access link. */
final class Attachment implements Site {

    final Host host;
    final Network network;
    final InetAddress address;
    LinkProfile link;

    Attachment(Host host, Network network, InetAddress address) {
        this.host = host;
        this.network = network;
        this.address = address;
        this.link = network.defaultLink();
    }

    @Override
    public void receive(Packet packet) {
        host.receive(packet);
    }

    @Override
    public LinkProfile uplink() {
        return link;
    }
}
