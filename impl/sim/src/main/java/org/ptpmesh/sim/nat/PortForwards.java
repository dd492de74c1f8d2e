package org.ptpmesh.sim.nat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ptpmesh.wire.Endpoint;

/**
 * The static inbound mappings of one router, at most one per inside endpoint and one per external
 * port. An expired forward is dropped when it is next looked at, so the table needs no timer.
 */
final class PortForwards {

    private final Map<Integer, PortForward> byPort = new HashMap<>();
    private final Map<Endpoint, PortForward> byInside = new HashMap<>();

    /** The live forward of {@code externalPort}, or null. */
    PortForward ofPort(int externalPort, long now) {
        return live(byPort.get(externalPort), now);
    }

    /** The live forward made for {@code inside}, or null. */
    PortForward of(Endpoint inside, long now) {
        return live(byInside.get(inside), now);
    }

    /** Adds or replaces {@code inside}'s forward; the port must not be another endpoint's. */
    void put(PortForward forward) {
        remove(forward.inside());
        PortForward other = byPort.put(forward.externalPort(), forward);
        if (other != null && !other.inside().equals(forward.inside())) {
            throw new IllegalStateException("port " + forward.externalPort() + " is forwarded to " + other.inside() + " already");
        }
        byInside.put(forward.inside(), forward);
    }

    /** Deletes {@code inside}'s forward; whether there was one. */
    boolean remove(Endpoint inside) {
        PortForward gone = byInside.remove(inside);
        if (gone != null) {
            byPort.remove(gone.externalPort(), gone);
        }
        return gone != null;
    }

    /** The live forwards, by external port; drops the expired ones. */
    List<PortForward> live(long now) {
        List<PortForward> all = new ArrayList<>(byInside.values());
        List<PortForward> live = new ArrayList<>();
        for (PortForward f : all) {
            if (live(f, now) != null) {
                live.add(f);
            }
        }
        live.sort(Comparator.comparingInt(PortForward::externalPort));
        return live;
    }

    private PortForward live(PortForward forward, long now) {
        if (forward == null || forward.isLive(now)) {
            return forward;
        }
        byInside.remove(forward.inside(), forward);
        byPort.remove(forward.externalPort(), forward);
        return null;
    }
}
