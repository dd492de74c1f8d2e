package org.ptpmesh.secure;

import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * Where a session runs and the only place its sealed datagrams are taken from: a local port and a
 * remote endpoint, or, for a session between keyed peers through a relay (docs/protocol.md 6.9,
 * "Relayed sessions"), the local port, the relaying introducer's endpoint and the other peer's id.
 * A peer punching from many ports (the birthday strategy) has a session per port, and a sealed
 * datagram replayed from another address, or sent to the relay route outside a RELAYED, opens
 * nothing there.
 *
 * @param relayedPeer null for a direct route
 */
record Route(int localPort, Endpoint endpoint, PeerId relayedPeer) {

    /** A direct route. */
    Route(int localPort, Endpoint endpoint) {
        this(localPort, endpoint, null);
    }

    /** The route through the introducer at {@code relay} to {@code peer}. */
    static Route relayed(int localPort, Endpoint relay, PeerId peer) {
        return new Route(localPort, relay, peer);
    }

    boolean isRelayed() {
        return relayedPeer != null;
    }

    /** As traces name it: the endpoint, or {@code relay:<id>} through a relay. */
    @Override
    public String toString() {
        return isRelayed() ? "relay:" + relayedPeer.shortName() : endpoint.toString();
    }
}
