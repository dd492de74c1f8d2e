package org.ptpmesh.trace;

/** Where a {@link Tracer} writes the events it builds (a node's effects, in the core). */
@FunctionalInterface
public interface TraceSink {

    /** Records one step. */
    void trace(TraceEvent event);
}
