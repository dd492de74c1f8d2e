package org.ptpmesh.sim;

import org.ptpmesh.wire.Endpoint;

/**
 * A datagram in flight. One object carries it the whole way: each hop rewrites the addresses,
 * TTL and next receiver and schedules it again, so a hop costs no allocation.
 */
final class Packet extends Event implements PacketInfo {

    private final long id;
    private final byte[] payload;
    Endpoint source;
    Endpoint destination;
    int ttl;
    PacketReceiver next;

    Packet(long id, Endpoint source, Endpoint destination, byte[] payload, int ttl) {
        this.id = id;
        this.source = source;
        this.destination = destination;
        this.payload = payload;
        this.ttl = ttl;
    }

    /** A second, independent copy for a duplicating link; the receiver may change its bytes. */
    Packet duplicate() {
        return new Packet(id, source, destination, payload.clone(), ttl);
    }

    /**
     * What a router does before forwarding: take one off the TTL. False when the result is 0,
     * so the router drops it instead.
     */
    boolean decrementTtl() {
        return --ttl > 0;
    }

    byte[] payload() {
        return payload;
    }

    @Override
    public byte[] copyOfPayload() {
        return payload.clone();
    }

    @Override
    void fire() {
        next.receive(this);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public Endpoint source() {
        return source;
    }

    @Override
    public Endpoint destination() {
        return destination;
    }

    @Override
    public int ttl() {
        return ttl;
    }

    @Override
    public int size() {
        return payload.length;
    }
}
