package org.ptpmesh.conformance.trace;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes Java values as TLA+ expressions for the generated trace modules. */
final class Tla {

    private Tla() {
    }

    static String string(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** A record; values are strings (quoted), integers, booleans or sets of them, in the map's order. */
    static String record(Map<String, Object> fields) {
        return fields.entrySet().stream()
                .map(f -> f.getKey() + " |-> " + value(f.getValue()))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    static String setOfStrings(Collection<String> values) {
        return values.stream().map(Tla::string).collect(Collectors.joining(", ", "{", "}"));
    }

    static String value(Object v) {
        if (v instanceof String s) {
            return string(s);
        }
        if (v instanceof Integer || v instanceof Long) {
            return v.toString();
        }
        if (v instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (v instanceof Collection<?> c) {
            return c.stream().map(Tla::value).collect(Collectors.joining(", ", "{", "}"));
        }
        throw new IllegalArgumentException("no TLA+ form for " + v);
    }
}
