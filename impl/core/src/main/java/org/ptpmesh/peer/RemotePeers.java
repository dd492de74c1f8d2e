package org.ptpmesh.peer;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ptpmesh.trace.Tracer;
import org.ptpmesh.wire.PeerId;

/** The remote peers (introducers included) one peer knows, in the order it learned of them. */
final class RemotePeers {

    private final Tracer tracer;
    private final Map<PeerId, RemotePeer> known = new LinkedHashMap<>();

    /** @param tracer the peer's: each remote's link logs its transitions with it */
    RemotePeers(Tracer tracer) {
        this.tracer = tracer;
    }

    /** The remote {@code id}, or null when it is not known. */
    RemotePeer get(PeerId id) {
        return known.get(id);
    }

    /** The remote {@code id}, learned now (a peer, not an introducer) if it was not known. */
    RemotePeer learn(PeerId id, long now) {
        return known.computeIfAbsent(id, x -> new RemotePeer(x, false, now, tracer));
    }

    /** Adds an introducer, known from the configuration. */
    RemotePeer addIntroducer(PeerId id, long now) {
        RemotePeer introducer = new RemotePeer(id, true, now, tracer);
        known.put(id, introducer);
        return introducer;
    }

    void forget(PeerId id) {
        known.remove(id);
    }

    boolean knows(PeerId id) {
        return known.containsKey(id);
    }

    int size() {
        return known.size();
    }

    Collection<RemotePeer> all() {
        return known.values();
    }
}
