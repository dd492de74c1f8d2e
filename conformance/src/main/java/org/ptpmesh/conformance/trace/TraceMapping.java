package org.ptpmesh.conformance.trace;

import java.util.List;

/**
 * How the events of one kind of node map onto the actions of one TLA+ model. Each mapping
 * says which events it replays and which it leaves out (docs/trace-validation.md).
 */
public interface TraceMapping {

    /** The name users select it by: {@code keepalive}, {@code nat-check}. */
    String name();

    /** One mapped trace per node this mapping applies to, in node order. */
    List<MappedTrace> map(TraceLog log);
}
