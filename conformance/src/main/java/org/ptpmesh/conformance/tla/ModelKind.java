package org.ptpmesh.conformance.tla;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why a model is in the manifest. A check must pass; a reachability model's negated goal and a
 * mutant's broken guard must both make TLC report a violation, or the suite is vacuous.
 */
public enum ModelKind {
    CHECK, REACHABILITY, MUTANT,
    /** TLC's random simulation at the implementation's constants: must pass (see {@link Simulation}). */
    SIMULATE;

    @JsonValue
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static ModelKind fromLabel(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }
}
