package org.ptpmesh.introducer;

import java.net.Inet6Address;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * What an introducer keys a registration by: the peer id and the family it pings in. A dual-stack
 * peer registers its IPv4 and its IPv6 half under one id from two addresses; keyed by id alone,
 * the registration would move between the two at every ping and each half would be challenged
 * and refused in turn.
 */
record RegistrationKey(PeerId id, boolean ipv6) {

    /** The key of {@code id} pinging from {@code from} (an IPv4 source on a dual-stack socket arrives as IPv4). */
    static RegistrationKey of(PeerId id, Endpoint from) {
        return new RegistrationKey(id, from.address() instanceof Inet6Address);
    }

    RegistrationKey otherFamily() {
        return new RegistrationKey(id, !ipv6);
    }
}
