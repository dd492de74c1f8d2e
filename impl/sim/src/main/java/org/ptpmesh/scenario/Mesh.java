package org.ptpmesh.scenario;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import java.util.Arrays;
import java.util.Set;
import org.ptpmesh.introducer.Introducer;
import org.ptpmesh.introducer.IntroducerConfig;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.noise.DhKeyPair;
import org.ptpmesh.noise.EphemeralKeySource;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.peer.PeerIdentity;
import org.ptpmesh.portmap.PortMapGateway;
import org.ptpmesh.secure.Identity;
import org.ptpmesh.secure.IntroducerTrust;
import org.ptpmesh.secure.KeyLog;
import org.ptpmesh.secure.SecureConfig;
import org.ptpmesh.secure.SecureLimits;
import org.ptpmesh.secure.SecureNode;
import org.ptpmesh.sim.Host;
import org.ptpmesh.sim.NatRouter;
import org.ptpmesh.sim.Simulation;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * A ptpmesh deployment on the simulator: two introducers on the internet and peers behind the
 * NATs a scenario asks for. Tests, {@code ptpmesh sim} and the quick start build on it. A keyed
 * mesh ({@link #keyed}) gives every node an identity and runs it inside a {@link SecureNode}:
 * peers reach their introducers sealed, under the introducers' pinned keys.
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
    /** Null for a mesh without keys. */
    private final Keys keys;
    private int natCount;

    /** The keys of a keyed mesh: identities and ephemeral keys drawn from the simulation's seed. */
    private static final class Keys implements EphemeralKeySource {
        final RandomGenerator random;
        final Identity introducerA;
        final Identity introducerB;

        Keys(RandomGenerator random) {
            this.random = random;
            this.introducerA = newIdentity();
            this.introducerB = newIdentity();
        }

        Identity newIdentity() {
            return new Identity(DhKeyPair.fromPrivateKey(nextPrivateKey()));
        }

        @Override
        public byte[] nextPrivateKey() {
            byte[] key = new byte[32];
            random.nextBytes(key);
            return key;
        }
    }

    /** A mesh whose peers use the introducer design's defaults. */
    public Mesh(long seed) {
        this(seed, UnaryOperator.identity());
    }

    /** @param tuning changes every peer's configuration (a lower opener TTL, a shorter keepalive...) */
    public Mesh(long seed, UnaryOperator<PeerConfig> tuning) {
        this(seed, tuning, false);
    }

    /** A mesh whose every node holds a key: introducers and peers talk sealed, keyed peers punch with IK. */
    public static Mesh keyed(long seed) {
        return new Mesh(seed, UnaryOperator.identity(), true);
    }

    private Mesh(long seed, UnaryOperator<PeerConfig> tuning, boolean keyed) {
        this.sim = new Simulation(seed);
        this.tuning = tuning;
        this.ids = sim.random("ids");
        this.keys = keyed ? new Keys(sim.random("keys")) : null;
        Host a = sim.internet().addHost("introducer-a");
        Host b = sim.internet().addHost("introducer-b");
        introducerA = new PeerIdentity(introducerId(keyed ? keys.introducerA : null).bytes(), new Endpoint(a.address(), INTRODUCER_PORT));
        introducerB = new PeerIdentity(introducerId(keyed ? keys.introducerB : null).bytes(), new Endpoint(b.address(), INTRODUCER_PORT));
        introducerNodeA = new Introducer(IntroducerConfig.defaults("introducer-a", INTRODUCER_PORT), introducerA.peerId(), 0,
                sim.random("introducer-a"));
        introducerNodeB = new Introducer(IntroducerConfig.defaults("introducer-b", INTRODUCER_PORT), introducerB.peerId(), 0,
                sim.random("introducer-b"));
        a.start(keyed ? introducerSealed(introducerNodeA, keys.introducerA, "introducer-a") : introducerNodeA);
        b.start(keyed ? introducerSealed(introducerNodeB, keys.introducerB, "introducer-b") : introducerNodeB);
    }

    private PeerId introducerId(Identity identity) {
        return identity == null ? PeerId.random(ids) : identity.peerId();
    }

    private Node introducerSealed(Introducer introducer, Identity identity, String name) {
        return new SecureNode(introducer, SecureConfig.server(identity, KeyLog.NONE, name), keys, keys.random);
    }

    /** Whether this mesh's nodes hold keys. */
    public boolean isKeyed() {
        return keys != null;
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
        MeshPeer mp = new MeshPeer(name, kind, host, nat, keys == null ? null : keys.newIdentity());
        Peer peer = newPeer(mp);
        mp.setPeer(peer, sealed(mp, peer));
        peers.put(name, mp);
        host.start(mp.node());
        return mp;
    }

    private Peer newPeer(MeshPeer mp) {
        PeerConfig config = tuning.apply(PeerConfig.defaults(mp.name(), introducerA, introducerB));
        if (mp.kind().asksForMapping()) {
            // what a runtime finds in the routing table: the default gateway, and our address towards it
            config = config.toBuilder().portMap(new PortMapGateway(mp.nat().portMapGateway().address(), mp.host().address())).build();
        }
        PeerId id = mp.identity() != null ? mp.identity().peerId() : mp.peer() == null ? PeerId.random(ids) : mp.id();
        return new Peer(config, id, sim.now(), sim.random("peer:" + mp.name() + ":" + sim.now()),
                (from, payload, now) -> mp.deliveries.add(new MeshPeer.Delivery(from, new String(payload, StandardCharsets.UTF_8), now)));
    }

    /** The session layer around a keyed mesh's peer, its introducers' keys pinned; null in a mesh without keys. */
    private SecureNode sealed(MeshPeer mp, Peer peer) {
        if (keys == null) {
            return null;
        }
        IntroducerTrust pinned = new IntroducerTrust() {
            @Override
            public byte[] expectedKey(Endpoint introducer) {
                if (introducer.equals(introducerA.endpoint())) {
                    return keys.introducerA.keys().publicKey();
                }
                return introducer.equals(introducerB.endpoint()) ? keys.introducerB.keys().publicKey() : null;
            }

            @Override
            public boolean firstUse(Endpoint introducer, byte[] key) {
                return false;
            }
        };
        SecureConfig config = new SecureConfig(mp.identity(), pinned, KeyLog.NONE,
                Set.of(introducerA.endpoint(), introducerB.endpoint()), SecureLimits.peer(), mp.name());
        return new SecureNode(peer, config, keys, keys.random);
    }

    /** Reboots a peer's host: same id, fresh state. */
    public void restart(MeshPeer mp) {
        Peer peer = newPeer(mp);
        mp.setPeer(peer, sealed(mp, peer));
        mp.host().restart(mp.node());
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
        invoke(from, out -> from.peer().connect(to.id(), sim.now(), out));
    }

    /** At the current virtual time, {@code from} sends an application message to {@code to}. */
    public void send(MeshPeer from, MeshPeer to, String payload) {
        invoke(from, out -> from.peer().send(to.id(), payload.getBytes(StandardCharsets.UTF_8), sim.now(), out));
    }

    /** Runs {@code call} on {@code p}'s peer now, through its session layer when the mesh is keyed. */
    private void invoke(MeshPeer p, Consumer<Effects> call) {
        p.host().invoke(out -> {
            if (p.secure() == null) {
                call.accept(out);
            } else {
                p.secure().callInner(sim.now(), out, call);
            }
        });
    }

    public void runFor(long millis) {
        sim.runFor(millis);
    }
}
