package org.ptpmesh.trace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One protocol step named by the TLA+ specification, as one NDJSON line: the action name, the
 * node that took it, the virtual or real time, its parameters and the node's state after it.
 */
public record TraceEvent(String event, String node, long time, Map<String, Object> params,
                         Map<String, Object> state) {

    public TraceEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(node, "node");
        // insertion order is kept so that a trace line is byte-for-byte reproducible
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        state = Collections.unmodifiableMap(new LinkedHashMap<>(state));
    }
}
