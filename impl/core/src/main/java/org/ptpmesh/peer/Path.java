package org.ptpmesh.peer;

/** How application data reaches a remote peer right now. */
public enum Path {
    /** No way yet: nothing can be sent. */
    NONE,
    /** Through introducer A's relay (relay-first, or after punching gave up). */
    RELAY,
    /** Straight to the peer on a confirmed path. */
    DIRECT
}
