package org.ptpmesh.introducer;

import java.util.HashSet;
import java.util.Set;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/** A peer as an introducer knows it: where it pings from, its NAT and LAN address, its relay budget. */
final class Registration {

    final PeerId id;
    Endpoint endpoint;
    Endpoint lanAddress;
    NatType nat;
    long lastSeen;
    /** Peers an INTRO paired it with: the only ones it may relay to. */
    final Set<PeerId> introducedTo = new HashSet<>();
    long relayWindowStart;
    int relayedInWindow;

    Registration(PeerId id) {
        this.id = id;
    }
}
