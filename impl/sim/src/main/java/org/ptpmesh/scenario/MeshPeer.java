package org.ptpmesh.scenario;

import java.util.ArrayList;
import java.util.List;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.sim.Host;
import org.ptpmesh.sim.NatRouter;
import org.ptpmesh.wire.PeerId;

/** A peer of a {@link Mesh}: its host, its NAT (null when public), and what it received. */
public final class MeshPeer {

    /** One application message as delivered. */
    public record Delivery(PeerId from, String payload, long time) {
    }

    private final String name;
    private final NatKind kind;
    private final Host host;
    private final NatRouter nat;
    private Peer peer;
    final List<Delivery> deliveries = new ArrayList<>();

    MeshPeer(String name, NatKind kind, Host host, NatRouter nat) {
        this.name = name;
        this.kind = kind;
        this.host = host;
        this.nat = nat;
    }

    public String name() {
        return name;
    }

    public NatKind kind() {
        return kind;
    }

    public Host host() {
        return host;
    }

    public NatRouter nat() {
        return nat;
    }

    public Peer peer() {
        return peer;
    }

    void setPeer(Peer peer) {
        this.peer = peer;
    }

    public PeerId id() {
        return peer.id();
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    @Override
    public String toString() {
        return name + "(" + kind.label() + ")";
    }
}
