package org.ptpmesh.rendezvous;

import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.list.ClientListPager.Audience;

/**
 * What one REGISTER said, kept until its source proves its address and then applied to the
 * registry.
 *
 * @param from   where it came from
 * @param nat    its NAT code, -1 without NAT
 * @param upnp   its UPNP (0 no, 1 yes: wider values are still yes), -1 without UPNP
 * @param mapped its MAPPEDADDR, already checked to be on {@code from}'s IP; null without one (or
 *               refused)
 * @param key    the key of the session it came sealed in, already checked to be the key of its
 *               id; null when it came plain (docs/protocol.md 6.9)
 */
record RegisterRequest(Audience audience, Endpoint from, Endpoint internal, int nat, int upnp, Endpoint mapped,
                       byte[] key) {
}
