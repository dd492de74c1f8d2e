package org.ptpmesh.introducer;

import java.util.HashMap;
import java.util.Map;
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
    /**
     * Peers an INTRO paired it with, the only ones it may relay to, each with what it relayed
     * there in the quota's current window. A quota per pair, not per sender: what a peer answers
     * one that floods it through the relay is spent from that pair's budget, never from the one
     * toward its other peers.
     */
    final Map<PeerId, RelayBudget> introducedTo = new HashMap<>();
    /** The key it pinged in a session of (docs/protocol.md 6.9), already checked to be its id's; null: legacy. */
    byte[] key;

    Registration(PeerId id) {
        this.id = id;
    }

    /** What a peer relayed to one other in the quota's current window. */
    static final class RelayBudget {
        long windowStart;
        int used;
    }

    /** Pairs it with {@code other} for relaying, keeping the budget of an earlier pairing. */
    void introduce(PeerId other) {
        introducedTo.computeIfAbsent(other, o -> new RelayBudget());
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
