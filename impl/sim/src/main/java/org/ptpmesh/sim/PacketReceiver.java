package org.ptpmesh.sim;

/** The far end of a link: a host's socket layer, a NAT router's LAN or WAN side, the internet router. */
interface PacketReceiver {

    void receive(Packet packet);
}
