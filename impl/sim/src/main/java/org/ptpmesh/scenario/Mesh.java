package org.ptpmesh.scenario;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.ptpmesh.introducer.Introducer;
import org.ptpmesh.introducer.IntroducerConfig;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.peer.PeerIdentity;
import org.ptpmesh.portmap.PortMapGateway;
import org.ptpmesh.sim.Host;
import org.ptpmesh.sim.NatRouter;
import org.ptpmesh.sim.Simulation;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * A ptpmesh deployment on the simulator: two introducers on the internet and peers behind the
 * NATs a scenario asks for. Tests, {@code ptpmesh sim} and the quick start build on it.
 */
public final class Mesh {

    public static final int INTRODUCER_PORT = 3456;

    private final Simulation sim;
    private final RandomGenerator ids;
    private final PeerIdentity introducerA;
    private final PeerIdentity introducerB;
    private final Introducer introducerNodeA;
    private final Introducer introducerNodeB;
    private final Map<String, MeshPeer> peers = new LinkedHashMap<>();
    private final UnaryOperator<PeerConfig> tuning;
    private int natCount;

    /** A mesh whose peers use the introducer design's defaults. */
    public Mesh(long seed) {
        this(seed, UnaryOperator.identity());
    }

    /** @param tuning changes every peer's configuration (a lower opener TTL, a shorter keepalive...) */
    public Mesh(long seed, UnaryOperator<PeerConfig> tuning) {
        this.sim = new Simulation(seed);
        this.tuning = tuning;
        this.ids = sim.random("ids");
        Host a = sim.internet().addHost("introducer-a");
        Host b = sim.internet().addHost("introducer-b");
        introducerA = new PeerIdentity(PeerId.random(ids).bytes(), new Endpoint(a.address(), INTRODUCER_PORT));
        introducerB = new PeerIdentity(PeerId.random(ids).bytes(), new Endpoint(b.address(), INTRODUCER_PORT));
        introducerNodeA = new Introducer(IntroducerConfig.defaults("introducer-a", INTRODUCER_PORT), introducerA.peerId(), 0,
                sim.random("introducer-a"));
        introducerNodeB = new Introducer(IntroducerConfig.defaults("introducer-b", INTRODUCER_PORT), introducerB.peerId(), 0,
                sim.random("introducer-b"));
        a.start(introducerNodeA);
        b.start(introducerNodeB);
    }

    public Simulation simulation() {
        return sim;
    }

    public Introducer introducerA() {
        return introducerNodeA;
    }

    /** Where introducer A listens. */
    public Endpoint introducerAddressA() {
        return introducerA.endpoint();
    }

    /** A peer behind a NAT of its own of {@code kind} (or public for {@link NatKind#NONE}). */
    public MeshPeer addPeer(String name, NatKind kind) {
        if (kind == NatKind.NONE) {
            return start(name, kind, sim.internet().addHost(name), null);
        }
        NatRouter nat = sim.addNat("nat-" + name + "-" + (++natCount), kind.model());
        return start(name, kind, nat.lan().addHost(name), nat);
    }

    /** A peer behind the same NAT as {@code neighbour} (two peers sharing one public address). */
    public MeshPeer addPeerBehind(String name, MeshPeer neighbour) {
        if (neighbour.nat() == null) {
            throw new IllegalArgumentException(neighbour + " is not behind a NAT");
        }
        return start(name, neighbour.kind(), neighbour.nat().lan().addHost(name), neighbour.nat());
    }

    private MeshPeer start(String name, NatKind kind, Host host, NatRouter nat) {
        if (peers.containsKey(name)) {
            throw new IllegalArgumentException("a peer named '" + name + "' exists already");
        }
        MeshPeer mp = new MeshPeer(name, kind, host, nat);
        mp.setPeer(newPeer(mp));
        peers.put(name, mp);
        host.start(mp.peer());
        return mp;
    }

    private Peer newPeer(MeshPeer mp) {
        PeerConfig config = tuning.apply(PeerConfig.defaults(mp.name(), introducerA, introducerB));
        if (mp.kind().asksForMapping()) {
            // what a runtime finds in the routing table: the default gateway, and our address towards it
            config = config.toBuilder().portMap(new PortMapGateway(mp.nat().portMapGateway().address(), mp.host().address())).build();
        }
        PeerId id = mp.peer() == null ? PeerId.random(ids) : mp.id();
        return new Peer(config, id, sim.now(), sim.random("peer:" + mp.name() + ":" + sim.now()),
                (from, payload, now) -> mp.deliveries.add(new MeshPeer.Delivery(from, new String(payload, StandardCharsets.UTF_8), now)));
    }

    /** Reboots a peer's host: same id, fresh state. */
    public void restart(MeshPeer mp) {
        mp.setPeer(newPeer(mp));
        mp.host().restart(mp.peer());
    }

    public MeshPeer peer(String name) {
        MeshPeer p = peers.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no peer named '" + name + "'");
        }
        return p;
    }

    public List<MeshPeer> peers() {
        return new ArrayList<>(peers.values());
    }

    /** At the current virtual time, {@code from} asks to be introduced to {@code to}. */
    public void connect(MeshPeer from, MeshPeer to) {
        from.host().invoke(out -> from.peer().connect(to.id(), sim.now(), out));
    }

    /** At the current virtual time, {@code from} sends an application message to {@code to}. */
    public void send(MeshPeer from, MeshPeer to, String payload) {
        from.host().invoke(out -> from.peer().send(to.id(), payload.getBytes(StandardCharsets.UTF_8), sim.now(), out));
    }

    public void runFor(long millis) {
        sim.runFor(millis);
    }
}
