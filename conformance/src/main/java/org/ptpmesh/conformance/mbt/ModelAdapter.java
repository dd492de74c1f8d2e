package org.ptpmesh.conformance.mbt;

import java.util.Map;

/**
 * Drives one implementation through the transitions of a model, one test case at a time: a
 * fresh adapter is made for an initial state, then handed transitions in order. Each call
 * makes the implementation take the step and checks that its observable state maps to the
 * model's state after it, throwing (an {@link AssertionError}) when it does not.
 */
public interface ModelAdapter {

    /** Takes transition {@code action} from model state {@code from} to model state {@code to}. */
    void apply(String action, Map<String, Object> from, Map<String, Object> to);
}
