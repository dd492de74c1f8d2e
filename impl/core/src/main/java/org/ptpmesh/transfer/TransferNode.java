package org.ptpmesh.transfer;

import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.wire.Endpoint;

/**
 * A {@link TransferEndpoint} on a UDP port of its own, talking straight to other endpoints'
 * addresses: what {@code ptpmesh send} and {@code ptpmesh receive} run on the UDP runtime, and
 * what simulator tests run on simulated hosts.
 */
public final class TransferNode implements Node {

    private final TransferEndpoint endpoint;
    private final int port;
    private Route.Direct lastRoute;

    public TransferNode(TransferEndpoint endpoint, int port) {
        this.endpoint = endpoint;
        this.port = port;
    }

    public TransferEndpoint endpoint() {
        return endpoint;
    }

    /** The direct route from this node's port to {@code to}. */
    public Route.Direct routeTo(Endpoint to) {
        return new Route.Direct(port, to);
    }

    @Override
    public void start(long now, Effects out) {
        out.bind(port);
    }

    @Override
    public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        endpoint.onMessage(data, routeFrom(localPort, from), now, out);
    }

    /** A datagram a session layer opened and decoded already: read through its view, not decoded again. */
    @Override
    public void onMessage(int localPort, Endpoint from, DecodedDatagram datagram, long now, Effects out) {
        endpoint.onMessage(datagram, routeFrom(localPort, from), now, out);
    }

    private Route.Direct routeFrom(int localPort, Endpoint from) {
        Route.Direct route = lastRoute;
        // one route object per peer address in a row, not one per datagram
        if (route == null || route.localPort() != localPort || !route.to().equals(from)) {
            route = new Route.Direct(localPort, from);
            lastRoute = route;
        }
        return route;
    }

    @Override
    public void onTimer(TimerKey key, long now, Effects out) {
        endpoint.onTimer(key, now, out);
    }
}
