package org.ptpmesh.dualstack;

/** The IP family one half of a {@link DualStackPeer} works in. */
public enum Family {
    IPV4,
    IPV6
}
