package org.ptpmesh.scenario;

import java.util.ArrayList;
import java.util.List;
import org.ptpmesh.node.Node;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.secure.Identity;
import org.ptpmesh.secure.SecureNode;
import org.ptpmesh.sim.Host;
import org.ptpmesh.sim.NatRouter;
import org.ptpmesh.wire.PeerId;

/** A peer of a {@link Mesh}: its host, its NAT (null when public), its key and session layer (null without keys), and what it received. */
public final class MeshPeer {

    /** One application message as delivered. */
    public record Delivery(PeerId from, String payload, long time) {
    }

    private final String name;
    private final NatKind kind;
    private final Host host;
    private final NatRouter nat;
    private final Identity identity;
    private Peer peer;
    private SecureNode secure;
    final List<Delivery> deliveries = new ArrayList<>();

    MeshPeer(String name, NatKind kind, Host host, NatRouter nat, Identity identity) {
        this.name = name;
        this.kind = kind;
        this.host = host;
        this.nat = nat;
        this.identity = identity;
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

    void setPeer(Peer peer, SecureNode secure) {
        this.peer = peer;
        this.secure = secure;
    }

    /** The peer's key, or null in a mesh without keys. */
    public Identity identity() {
        return identity;
    }

    /** The session layer around the peer, or null in a mesh without keys. */
    public SecureNode secure() {
        return secure;
    }

    /** What the host runs: the session layer when the mesh is keyed, else the peer. */
    Node node() {
        return secure == null ? peer : secure;
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
