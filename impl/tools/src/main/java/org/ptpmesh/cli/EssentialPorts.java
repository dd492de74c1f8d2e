package org.ptpmesh.cli;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.wire.Endpoint;

/**
 * A node whose listed ports it cannot do without: when one of them fails to bind (another
 * process holds it), {@code onFailure} hears of it, so ptpserver and ptpclient stop with an error
 * instead of running deaf. Other bind failures stay the node's own business (it may pick
 * another port).
 */
final class EssentialPorts implements Node {

    private final Node node;
    private final Set<Integer> ports;
    private final IntConsumer onFailure;

    EssentialPorts(Node node, Set<Integer> ports, IntConsumer onFailure) {
        this.node = node;
        this.ports = Set.copyOf(ports);
        this.onFailure = onFailure;
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
    public void onTimer(String key, long now, Effects out) {
        node.onTimer(key, now, out);
    }

    @Override
    public void onBindFailed(int port, long now, Effects out) {
        node.onBindFailed(port, now, out);
        if (ports.contains(port)) {
            onFailure.accept(port);
        }
    }

    @Override
    public void onAddressesChanged(List<InetAddress> addresses, long now, Effects out) {
        node.onAddressesChanged(addresses, now, out);
    }
}
