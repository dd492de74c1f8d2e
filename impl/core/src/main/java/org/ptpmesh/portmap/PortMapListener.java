package org.ptpmesh.portmap;

/** What a {@link PortMapper} tells its owner. Called on the node's thread, from its own methods. */
public interface PortMapListener {

    /** A mapping was granted, or renewed with another external address or port. */
    void mapped(PortMapping mapping, long now);

    /** A mapping in use is gone (the gateway stopped renewing it, or refused to): the peer is behind its NAT again. */
    void lost(String why, long now);

    /** No protocol got a mapping: each one's outcome, for the log. */
    void unavailable(String why, long now);
}
