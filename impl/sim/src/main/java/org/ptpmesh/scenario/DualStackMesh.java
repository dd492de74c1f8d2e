package org.ptpmesh.scenario;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.ptpmesh.dualstack.DualStackDefaults;
import org.ptpmesh.dualstack.DualStackPeer;
import org.ptpmesh.introducer.Introducer;
import org.ptpmesh.introducer.IntroducerConfig;
import org.ptpmesh.peer.AppDataListener;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.peer.PeerIdentity;
import org.ptpmesh.sim.Host;
import org.ptpmesh.sim.NatRouter;
import org.ptpmesh.sim.Simulation;
import org.ptpmesh.sim.nat.NatModel;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * A dual-stack deployment on the simulator: a pair of introducers per family, dual-stack peers
 * (an IPv4 address behind a NAT and an IPv6 address behind a stateful firewall, which translates
 * nothing) and IPv4-only peers. The simulator's addresses are all IPv4: the IPv6 side is a second
 * interface its half's ports are routed by ({@link Host#addInterface(org.ptpmesh.sim.Network,
 * java.util.function.IntPredicate)}), behind {@link NatModel#statefulFirewall()}, reaching the
 * IPv6 introducers.
 */
public final class DualStackMesh {

    private final Simulation sim;
    private final RandomGenerator ids;
    private final PeerIdentity[] ipv4 = new PeerIdentity[2];
    private final PeerIdentity[] ipv6 = new PeerIdentity[2];
    private int routers;

    /** One peer of the mesh: its host, its routers (null firewall for an IPv4-only one), what it received. */
    public static final class Member {
        private final String name;
        private final Host host;
        private final NatRouter nat;
        private final NatRouter firewall;
        private final List<String> received = new ArrayList<>();
        private DualStackPeer dual;
        private Peer single;

        Member(String name, Host host, NatRouter nat, NatRouter firewall) {
            this.name = name;
            this.host = host;
            this.nat = nat;
            this.firewall = firewall;
        }

        public Host host() {
            return host;
        }

        public NatRouter nat() {
            return nat;
        }

        /** The IPv6 side's firewall; null for an IPv4-only peer. */
        public NatRouter firewall() {
            return firewall;
        }

        /** The dual-stack peer; null for an IPv4-only one. */
        public DualStackPeer dual() {
            return dual;
        }

        /** The IPv4-only peer; null for a dual-stack one. */
        public Peer single() {
            return single;
        }

        public PeerId id() {
            return dual != null ? dual.id() : single.id();
        }

        /** Every message received, in order of delivery. */
        public List<String> received() {
            return List.copyOf(received);
        }

        private AppDataListener listener() {
            return (from, payload, now) -> received.add(new String(payload, StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public DualStackMesh(long seed) {
        this.sim = new Simulation(seed);
        this.ids = sim.random("ids");
        String[] names = {"introducer-a", "introducer-b", "introducer-a6", "introducer-b6"};
        for (int i = 0; i < names.length; i++) {
            Host host = sim.internet().addHost(names[i]);
            PeerIdentity identity = new PeerIdentity(PeerId.random(ids).bytes(), new Endpoint(host.address(), Mesh.INTRODUCER_PORT));
            (i < 2 ? ipv4 : ipv6)[i % 2] = identity;
            host.start(new Introducer(IntroducerConfig.defaults(names[i], Mesh.INTRODUCER_PORT), identity.peerId(), 0,
                    sim.random(names[i])));
        }
    }

    public Simulation simulation() {
        return sim;
    }

    /** A dual-stack peer: IPv4 behind a NAT of {@code kind}, IPv6 behind a stateful firewall. */
    public Member addDualStackPeer(String name, NatKind kind) {
        NatRouter nat = sim.addNat("nat-" + name + "-" + (++routers), kind.model());
        NatRouter firewall = sim.addNat("fw-" + name + "-" + (++routers), NatModel.statefulFirewall());
        Host host = nat.lan().addHost(name);
        host.addInterface(firewall.lan(),
                port -> port == DualStackDefaults.IPV6_LOCAL_PORT || port == DualStackDefaults.IPV6_TEST_PORT);
        Member member = new Member(name, host, nat, firewall);
        PeerConfig four = PeerConfig.defaults(name + "-v4", ipv4[0], ipv4[1]);
        PeerConfig six = PeerConfig.defaults(name + "-v6", ipv6[0], ipv6[1])
                .withPorts(DualStackDefaults.IPV6_LOCAL_PORT, DualStackDefaults.IPV6_TEST_PORT);
        member.dual = new DualStackPeer(name, four, six, PeerId.random(ids), sim.now(), sim.random("peer:" + name),
                member.listener());
        host.start(member.dual);
        return member;
    }

    /** An IPv4-only peer behind a NAT of {@code kind}, registered with the IPv4 introducers. */
    public Member addIpv4Peer(String name, NatKind kind) {
        NatRouter nat = sim.addNat("nat-" + name + "-" + (++routers), kind.model());
        Host host = nat.lan().addHost(name);
        Member member = new Member(name, host, nat, null);
        member.single = new Peer(PeerConfig.defaults(name, ipv4[0], ipv4[1]), PeerId.random(ids), sim.now(),
                sim.random("peer:" + name), member.listener());
        host.start(member.single);
        return member;
    }

    /** At the current virtual time, {@code from} sends {@code text} to {@code to}. */
    public void send(Member from, Member to, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        from.host.invoke(out -> {
            if (from.dual != null) {
                from.dual.send(to.id(), payload, sim.now(), out);
            } else {
                from.single.send(to.id(), payload, sim.now(), out);
            }
        });
    }

    public void runFor(long millis) {
        sim.runFor(millis);
    }
}
