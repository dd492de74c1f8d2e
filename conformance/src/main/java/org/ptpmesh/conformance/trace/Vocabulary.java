package org.ptpmesh.conformance.trace;

import java.util.HashMap;
import java.util.Map;
import org.ptpmesh.trace.TraceAction;

/** Finds the constant of one trace vocabulary (one specification's actions) that a trace line names. */
final class Vocabulary<E extends Enum<E> & TraceAction> {

    private final Map<String, E> byName = new HashMap<>();

    Vocabulary(Class<E> actions) {
        for (E action : actions.getEnumConstants()) {
            byName.put(action.actionName(), action);
        }
    }

    /** The action logged under {@code name}, or null when this vocabulary has none by that name. */
    E named(String name) {
        return byName.get(name);
    }
}
