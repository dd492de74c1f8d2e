package org.ptpmesh.compose;

import java.net.InetAddress;
import java.util.List;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.portmap.UpnpOutcome;
import org.ptpmesh.wire.Endpoint;

/**
 * A node that hands every callback, unchanged, to the node it wraps: the base of a decorator
 * that watches one callback (a CLI that must stop when an essential port cannot be bound) and
 * overrides just that one. Unlike a {@link CompositeNode} it leaves timer keys as they are, so
 * the wrapped node's methods may be called from outside with the driver's effects.
 */
public abstract class ForwardingNode implements Node {

    private final Node node;

    protected ForwardingNode(Node node) {
        this.node = node;
    }

    @Override
    public void start(long now, Effects out) {
        node.start(now, out);
    }

    @Override
    public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        node.onDatagram(localPort, from, data, now, out);
    }

    @Override
    public void onMessage(int localPort, Endpoint from, DecodedDatagram datagram, long now, Effects out) {
        node.onMessage(localPort, from, datagram, now, out);
    }

    @Override
    public void onTimer(TimerKey key, long now, Effects out) {
        node.onTimer(key, now, out);
    }

    @Override
    public void onBindFailed(int port, long now, Effects out) {
        node.onBindFailed(port, now, out);
    }

    @Override
    public void onAddressesChanged(List<InetAddress> addresses, long now, Effects out) {
        node.onAddressesChanged(addresses, now, out);
    }

    @Override
    public void onUpnp(UpnpOutcome outcome, long now, Effects out) {
        node.onUpnp(outcome, now, out);
    }
}
