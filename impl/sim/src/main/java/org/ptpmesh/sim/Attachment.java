package org.ptpmesh.sim;

import java.net.InetAddress;
import java.util.function.IntPredicate;

/** One of a host's network interfaces: its address on one network and its access link. */
final class Attachment implements Site {

    final Host host;
    final Network network;
    final InetAddress address;
    LinkProfile link;
    /** The local ports whose datagrams leave by this interface whatever their destination; null for none. */
    IntPredicate sourcePorts;

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
