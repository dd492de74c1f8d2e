package org.ptpmesh.secure;

import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * An INTRO an introducer sent in its session (docs/protocol.md 6.9): when it names a keyed peer,
 * the punches of {@code attempt} and the relayed session with {@code target} run IK with {@code
 * key}, and a HANDSHAKE_INIT of that attempt or relayed from that peer is answered only for that
 * key and id.
 *
 * @param key        null when the INTRO named no key: a legacy peer, relayed plain
 * @param lanAddress null when the INTRO had no PEERLANADDR
 */
record Introduction(long attempt, PeerId target, byte[] key, Endpoint publicAddress, Endpoint lanAddress,
                    long receivedAt) {

    /** Whether {@code from} is on the IP the INTRO gave the peer (its public or its LAN address): punches come only from there. */
    boolean isAddressOf(Endpoint from) {
        return from.address().equals(publicAddress.address()) || (lanAddress != null && from.address().equals(lanAddress.address()));
    }
}
