package org.ptpmesh.compose;

import java.util.function.IntPredicate;
import org.ptpmesh.node.Node;

/**
 * One node inside a {@link CompositeNode}: which datagrams it takes, and which of the ports it
 * binds are its own (a port two children share is bound by one of them; the other's binds of it
 * are left out).
 */
public record Child(Node node, Accepts accepts, IntPredicate ownsPort) {

    /** A child that takes every datagram and binds every port it asks for. */
    public static Child of(Node node) {
        return new Child(node, Accepts.EVERYTHING, port -> true);
    }

    public Child accepting(Accepts predicate) {
        return new Child(node, predicate, ownsPort);
    }

    public Child owningPorts(IntPredicate ports) {
        return new Child(node, accepts, ports);
    }
}
