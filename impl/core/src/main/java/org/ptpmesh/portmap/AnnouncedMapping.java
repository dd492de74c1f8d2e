package org.ptpmesh.portmap;

import org.ptpmesh.wire.Endpoint;

/**
 * A port mapping another node announces (MAPPEDADDR), as an introducer or a rendezvous server
 * takes it: a gateway maps a port on the sender's own public address, so a mapping on any other
 * IP can only be an attempt to have other peers aim their traffic at a stranger, and is refused.
 */
public final class AnnouncedMapping {

    private AnnouncedMapping() {
    }

    /**
     * {@code announced} when it is on the IP {@code from} (the datagram's source) has; null when
     * nothing was announced, or when it was refused, which {@code refused} is told of (to count it).
     */
    public static Endpoint accepted(Endpoint announced, Endpoint from, Runnable refused) {
        if (announced != null && !announced.address().equals(from.address())) {
            refused.run();
            return null;
        }
        return announced;
    }
}
