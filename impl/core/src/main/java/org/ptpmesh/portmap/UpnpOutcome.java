package org.ptpmesh.portmap;

import java.net.InetAddress;
import java.util.Objects;

/**
 * What the driver's UPnP IGD client got for a port a node asked it to map
 * ({@link org.ptpmesh.node.Effects#mapPortByUpnp}), handed to the node on its own thread
 * ({@link org.ptpmesh.node.Node#onUpnp}). UPnP is SSDP and SOAP over HTTP: the runtime speaks it,
 * the core only keeps what it says.
 */
public sealed interface UpnpOutcome {

    /** The port on this host the outcome is about. */
    int internalPort();

    /**
     * The gateway forwards {@code externalAddress:externalPort} to {@code internalPort}, for
     * {@code leaseSeconds} unless renewed (the driver renews), or for good when it is 0.
     */
    record Mapped(InetAddress externalAddress, int externalPort, int internalPort, long leaseSeconds) implements UpnpOutcome {
        public Mapped {
            Objects.requireNonNull(externalAddress, "externalAddress");
        }
    }

    /** A mapping reported before is gone: a renewal was refused, or unanswered until the lease ran out. */
    record Lost(int internalPort, String why) implements UpnpOutcome {
    }

    /** No IGD answered, or none granted a mapping: why, for the log. */
    record Unavailable(int internalPort, String why) implements UpnpOutcome {
    }
}
