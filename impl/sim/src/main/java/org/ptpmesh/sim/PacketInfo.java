package org.ptpmesh.sim;

import org.ptpmesh.wire.Endpoint;

/**
 * A read-only view of a datagram in flight, as it is at the moment a {@link PacketListener}
 * sees it: the source and destination change as NATs translate it, the TTL as routers forward
 * it. Valid only during the callback; copy what you keep.
 */
public interface PacketInfo {

    /** Same for a datagram and the copies a link duplicated from it. */
    long id();

    Endpoint source();

    Endpoint destination();

    int ttl();

    int size();

    /** The datagram's bytes, copied: what a test that reads the wire keeps. */
    byte[] copyOfPayload();
}
