package org.ptpmesh.secure;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ptpmesh.wire.PeerId;

/**
 * The peers this node's introducers sealed an INTRO about, by id, the latest INTRO each: what
 * decides how datagrams relayed to and from that peer go (docs/protocol.md 6.9, "Relayed
 * sessions"). A keyed peer's (its INTRO named a key) only in a session of their own, under that
 * key; a legacy peer's plain; an id no INTRO named not at all. Unlike {@link Introductions} an
 * entry does not expire with the attempt: a relayed session outlives its punching, and an id's key
 * never changes (the id is its hash). At most {@link #MAX_PEERS}, the least recently used going
 * first. Only an introducer's session fills it. Owned by one event loop.
 */
final class RelayPeers {

    /** As many as a peer keeps sessions. */
    static final int MAX_PEERS = SecureLimits.PEER_SESSIONS;

    private final Map<PeerId, Introduction> byPeer = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PeerId, Introduction> eldest) {
            return size() > MAX_PEERS;
        }
    };

    /** The INTRO's word on its target, replacing any earlier one. */
    void add(Introduction introduction) {
        byPeer.put(introduction.target(), introduction);
    }

    /** The latest introduction of {@code peer} (its key null for a legacy peer), or null when no INTRO named it. */
    Introduction get(PeerId peer) {
        return byPeer.get(peer);
    }

    int size() {
        return byPeer.size();
    }
}
