package org.ptpmesh.node;

import org.ptpmesh.portmap.PortMapGateway;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.trace.TraceSink;
import org.ptpmesh.wire.Endpoint;

/**
 * What a {@link Node} asks its driver to do. Drivers apply effects in the order they were
 * written; the simulator and the UDP runtime each provide their own implementation.
 */
public interface Effects extends TraceSink {

    /** IP TTL meaning "the operating system's default". */
    int DEFAULT_TTL = 0;

    /** Sends {@code payload} from the node's bound {@code localPort} to {@code to}. */
    default void send(int localPort, Endpoint to, byte[] payload) {
        send(localPort, to, payload, DEFAULT_TTL);
    }

    /**
     * Sends with an explicit IP TTL. A low TTL makes a packet open the sender's own NAT mapping
     * and die before it reaches the far NAT (see docs/protocol.md, "Openers").
     */
    void send(int localPort, Endpoint to, byte[] payload, int ttl);

    /** Binds a UDP port on all of the node's addresses; failure comes back as onBindFailed. */
    void bind(int port);

    /** Closes a port bound before. */
    void unbind(int port);

    /**
     * Fires {@code onTimer(key)} at {@code atMillis}; setting a key equal to a pending one
     * replaces it (one pending timer per key).
     */
    void setTimer(TimerKey key, long atMillis);

    /** Forgets the pending timer with a key equal to {@code key}, if there is one. */
    void cancelTimer(TimerKey key);

    /**
     * PCP and NAT-PMP got no mapping of {@code port}: a driver that speaks UPnP IGD asks
     * {@code gateway} for one and later tells the node what it got ({@link Node#onUpnp}); the
     * node's thread never waits for HTTP.
     *
     * @return whether the driver will answer; false (the default: the simulator has no IGD)
     *         means the node gives up on UPnP at once
     */
    default boolean mapPortByUpnp(PortMapGateway gateway, int port) {
        return false;
    }

    /** The node is going away: the driver deletes the UPnP mapping of {@code port} it made, if any. */
    default void unmapPortByUpnp(int port) {
    }

    /** Records one step (a {@link org.ptpmesh.trace.Tracer} builds it). */
    @Override
    void trace(TraceEvent event);
}
