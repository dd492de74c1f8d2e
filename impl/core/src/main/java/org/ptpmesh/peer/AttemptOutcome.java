package org.ptpmesh.peer;

/** How a connect attempt ended. */
public enum AttemptOutcome {
    /** A direct path was confirmed. */
    DIRECT,
    /** The NAT pair calls for the relay (Hard/Hard, or relay-only): no punching. */
    RELAYED,
    /** Punching (or asking for an introduction) failed: traffic stays on the relay. */
    GAVE_UP
}
