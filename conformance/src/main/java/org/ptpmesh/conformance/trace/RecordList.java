package org.ptpmesh.conformance.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects a mapped trace's records together with the event each one came from. */
final class RecordList {

    final List<String> records = new ArrayList<>();
    final List<Integer> sources = new ArrayList<>();

    /** Adds {@code record(k1, v1, k2, v2, ...)} for event {@code source}. */
    void add(int source, Object... keyValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int k = 0; k < keyValues.length; k += 2) {
            fields.put((String) keyValues[k], keyValues[k + 1]);
        }
        records.add(Tla.record(fields));
        sources.add(source);
    }
}
