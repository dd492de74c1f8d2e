package org.ptpmesh.sim.nat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ptpmesh.wire.Endpoint;

/**
 * A stateful firewall without translation ({@link NatModel.Mapping#NONE}): an outbound packet
 * leaves as it is and opens (or refreshes) the flow between its two endpoints; an inbound packet
 * gets in only on a live flow its model's filtering accepts, so an unsolicited one is dropped.
 * Expired flows are dropped as they are met.
 */
public final class FirewallTable implements NatTable {

    private final NatModel model;
    /** Expiry of each flow, by (inside, remote). */
    private final Map<Flow, Long> flows = new HashMap<>();

    private record Flow(Endpoint inside, Endpoint remote) {
    }

    public FirewallTable(NatModel model) {
        if (model.mapping() != NatModel.Mapping.NONE) {
            throw new IllegalArgumentException("a firewall does not translate: its mapping must be NONE, not " + model.mapping());
        }
        this.model = model;
    }

    @Override
    public Endpoint outbound(Endpoint inside, Endpoint remote, long now) {
        flows.put(new Flow(inside, remote), now + model.mappingTimeoutMillis());
        return inside;
    }

    @Override
    public Endpoint inbound(Endpoint publicDestination, Endpoint remote, long now) {
        flows.values().removeIf(expiresAt -> expiresAt <= now);
        for (Flow f : flows.keySet()) {
            if (f.inside().equals(publicDestination) && admits(f.remote(), remote)) {
                return publicDestination;
            }
        }
        return null;
    }

    private boolean admits(Endpoint sentTo, Endpoint from) {
        return switch (model.filtering()) {
            case ENDPOINT_INDEPENDENT -> true;
            case ADDRESS_DEPENDENT -> sentTo.address().equals(from.address());
            case ADDRESS_AND_PORT_DEPENDENT -> sentTo.equals(from);
        };
    }

    @Override
    public List<NatFlow> flows(long now) {
        List<NatFlow> live = new ArrayList<>();
        flows.forEach((f, expiresAt) -> {
            if (expiresAt > now) {
                live.add(new NatFlow(f.inside(), f.inside(), f.remote(), expiresAt));
            }
        });
        return live;
    }
}
