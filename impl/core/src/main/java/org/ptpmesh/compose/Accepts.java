package org.ptpmesh.compose;

import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.wire.Endpoint;

/**
 * Whether a child of a {@link CompositeNode} takes a datagram. The composite asks its children in
 * order and hands the datagram to the first that accepts, right after it accepted; a predicate
 * that had to read the datagram further to decide may keep what it read for that call.
 */
@FunctionalInterface
public interface Accepts {

    /** Every datagram: for the last child, which takes what the others leave. */
    Accepts EVERYTHING = (localPort, from, datagram, now) -> true;

    boolean test(int localPort, Endpoint from, DecodedDatagram datagram, long now);
}
