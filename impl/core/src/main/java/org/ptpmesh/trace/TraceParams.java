package org.ptpmesh.trace;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds a trace event's parameters in the order written, so trace lines are reproducible. */
public final class TraceParams {

    private TraceParams() {
    }

    /** {@code of("a", 1, "b", 2)}: keys at even positions, values after them. */
    public static Map<String, Object> of(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("trace parameters come in key, value pairs");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
