package org.ptpmesh.stun;

import org.ptpmesh.wire.Endpoint;

/**
 * What STUN found out about the NAT in front of a socket (RFC 5780 section 4).
 *
 * @param mapped    the socket's public address as the STUN server saw it
 * @param mapping   how the NAT maps: null when the server offers no second address to test with
 * @param filtering how the NAT filters: null likewise
 */
public record NatBehaviour(Endpoint local, Endpoint mapped, Behaviour mapping, Behaviour filtering) {

    /** RFC 5780's three classes, for mapping and for filtering alike. */
    public enum Behaviour { ENDPOINT_INDEPENDENT, ADDRESS_DEPENDENT, ADDRESS_AND_PORT_DEPENDENT }

    public boolean behindNat() {
        return !mapped.equals(local);
    }

    /**
     * The ptpmesh NAT code (docs/protocol.md section 4): 3 Static when there is no NAT,
     * 1 Easy when the mapping is endpoint-independent, 2 Hard when it depends on the
     * destination, 0 unknown when the server could not tell.
     */
    public int natCode() {
        if (!behindNat()) {
            return 3;
        }
        if (mapping == null) {
            return 0;
        }
        return mapping == Behaviour.ENDPOINT_INDEPENDENT ? 1 : 2;
    }

    @Override
    public String toString() {
        return "public " + mapped + (behindNat() ? " (NAT" : " (no NAT")
                + (mapping == null ? "" : ", mapping " + mapping.name().toLowerCase(java.util.Locale.ROOT))
                + (filtering == null ? "" : ", filtering " + filtering.name().toLowerCase(java.util.Locale.ROOT)) + ")";
    }
}
