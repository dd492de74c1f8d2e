package org.ptpmesh.conformance.mbt;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model state's values as {@link TlaValueParser} gives them, typed for the adapters: sequences
 * (and functions of 1..N) are lists, records are maps, sets are sets.
 */
final class ModelValues {

    private ModelValues() {
    }

    @SuppressWarnings("unchecked")
    static List<Object> seq(Map<String, Object> state, String variable) {
        return (List<Object>) state.get(variable);
    }

    @SuppressWarnings("unchecked")
    static Set<Object> set(Object value) {
        return (Set<Object>) value;
    }

    @SuppressWarnings("unchecked")
    static Map<Object, Object> rec(Object value) {
        return (Map<Object, Object>) value;
    }

    /** The elements of the set {@code variable} that the step from {@code from} to {@code to} added. */
    static Set<Object> added(Map<String, Object> from, Map<String, Object> to, String variable) {
        Set<Object> added = new HashSet<>(set(to.get(variable)));
        added.removeAll(set(from.get(variable)));
        return added;
    }
}
