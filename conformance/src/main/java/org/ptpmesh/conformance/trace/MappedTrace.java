package org.ptpmesh.conformance.trace;

import java.util.List;
import java.util.Map;

/**
 * One node's trace translated for one trace specification: the records TLC replays, for each
 * record the index of the trace event it came from, and the constants of the model.
 *
 * @param specModule  the trace specification (spec/trace/TraceKeepalive.tla, ...)
 * @param node        the node whose events these are
 * @param records     TLA+ records, in trace order
 * @param sources     for each record, the index of its event in the {@link TraceLog}
 * @param constants   the model's constants as TLA+ expressions, by name
 */
public record MappedTrace(String specModule, String node, List<String> records, List<Integer> sources,
                          Map<String, String> constants) {

    public MappedTrace {
        records = List.copyOf(records);
        sources = List.copyOf(sources);
        constants = Map.copyOf(constants);
        if (records.size() != sources.size()) {
            throw new IllegalArgumentException("each record needs its source event");
        }
    }
}
