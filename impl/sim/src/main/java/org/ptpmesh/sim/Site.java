package org.ptpmesh.sim;

/** Something attached to the internet router: a NAT router's WAN side or a public host. */
interface Site extends PacketReceiver {

    /** The link between this site and the internet router. */
    LinkProfile uplink();
}
