package org.ptpmesh.cli;

import java.util.Set;
import java.util.function.IntConsumer;
import org.ptpmesh.compose.ForwardingNode;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;

/**
 * A node whose listed ports it cannot do without: when one of them fails to bind (another
 * process holds it), {@code onFailure} hears of it, so ptpserver and ptpclient stop with an error
 * instead of running deaf. Other bind failures stay the node's own business (it may pick
 * another port).
 */
final class EssentialPorts extends ForwardingNode {

    private final Set<Integer> ports;
    private final IntConsumer onFailure;

    EssentialPorts(Node node, Set<Integer> ports, IntConsumer onFailure) {
        super(node);
        this.ports = Set.copyOf(ports);
        this.onFailure = onFailure;
    }

    @Override
    public void onBindFailed(int port, long now, Effects out) {
        super.onBindFailed(port, now, out);
        if (ports.contains(port)) {
            onFailure.accept(port);
        }
    }
}
