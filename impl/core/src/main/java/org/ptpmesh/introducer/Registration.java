package org.ptpmesh.introducer;

import java.util.HashSet;
import java.util.Set;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/** A peer as an introducer knows it: where it pings from, its NAT and LAN address, its relay budget, its key. */
final class Registration {

    final PeerId id;
    Endpoint endpoint;
    Endpoint lanAddress;
    /** The port its gateway forwards to it (MAPPEDADDR), on {@link #endpoint}'s IP; null when none. */
    Endpoint mapped;
    NatType nat;
    long lastSeen;
    /** Peers an INTRO paired it with: the only ones it may relay to. */
    final Set<PeerId> introducedTo = new HashSet<>();
    long relayWindowStart;
    int relayedInWindow;
    /** The key it pinged in a session of (docs/protocol.md 6.9), already checked to be its id's; null: legacy. */
    byte[] key;

    Registration(PeerId id) {
        this.id = id;
    }

    boolean keyed() {
        return key != null;
    }

    /** Whether it and {@code other} may be introduced or relay without allowLegacyIntro: both keyed, or both legacy. */
    boolean sameKeying(Registration other) {
        return keyed() == other.keyed();
    }

    /** Where others reach it first: its mapped port when it has one, else where it pings from. */
    Endpoint reachableAt() {
        return mapped != null ? mapped : endpoint;
    }
}
