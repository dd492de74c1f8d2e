package org.ptpmesh.sim;

/** Why the network did not deliver a datagram. */
public enum NetworkDropReason {
    /** A link lost it. */
    LOSS,
    /** A router would have forwarded it with TTL 0. */
    TTL_EXPIRED,
    /** It reached a NAT's public address and no mapping let it in. */
    NAT_FILTER,
    /** A LAN host sent it to its own NAT's public address and the NAT does not hairpin. */
    NO_HAIRPIN,
    /** Nothing has its destination address (any more: hosts move). */
    NO_ROUTE,
    /** The destination host has no socket bound to the destination port. */
    NO_LISTENER,
    /** The destination host is asleep. */
    SLEEPING,
    /** The node sent it from a port it has not bound (or closed): refused at the sender, as a real socket would. */
    NOT_BOUND
}
