package org.ptpmesh.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ptpmesh.dualstack.Family;
import org.ptpmesh.lab.CapturedFrames.Frame;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.nat.Strategy;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;

/**
 * IPv6 in the lab: peers with global addresses behind the stateful firewalls of IPv6 home
 * routers ({@code fw6}), across families to an IPv4 peer, and behind dual-stack routers
 * ({@code dual}: an Easy NAT for IPv4 and the firewall for IPv6) on each family, and dual-stack
 * peers there using both. The tests that read PUNCH, RELAY or DATA in captures run legacy peers,
 * which send them plain; keyed peers (the others) send them sealed.
 */
@Tag("lab")
class Ipv6LabIT {

    @BeforeEach
    void lab() {
        LabTests.assumeLab();
    }

    /** What a fw6 pair run found: the result, and the datagrams both firewalls dropped while it connected. */
    private record Ran(PairResult result, long droppedWhileConnecting, Path captures) {
    }

    private static Ran runFirewalled(PairOptions options, String name) {
        Path dir = Path.of("target", "lab-captures", name);
        try (TwoPeers pair = TwoPeers.start(LabNat.FW6, LabNat.FW6, options.withCaptures(dir))) {
            assertThat(pair.awaitClassified(10_000)).as("both peers classified").isTrue();
            // nothing is translated: the introducers see each host's own global address and port
            for (LabPeer p : List.of(pair.a(), pair.b())) {
                assertThat(p.publicAddress()).isEqualTo(new Endpoint(p.host().ipv6().orElseThrow(), p.config().localPort()));
            }
            // the TESTs of the NAT check are dropped (that is what makes the type Easy): wait them out
            Await.until(1_000, () -> false);
            long before = drops(pair);
            PairResult r = pair.connect();
            long dropped = drops(pair) - before;
            System.out.println("lab: " + r + ", " + dropped + " dropped by the firewalls while connecting");
            assertThat(r.classifiedRight()).as("classification " + r).isTrue();
            return new Ran(r, dropped, dir);
        }
    }

    private static long drops(TwoPeers pair) {
        return pair.a().host().nat().firewallDrops() + pair.b().host().nat().firewallDrops();
    }

    /**
     * Openers leave with hop limit 2, open their own firewall and die at the internet router; the
     * far side's punches then answer a flow already open, so not one datagram is dropped.
     */
    @Test
    void fw6PeersConnectDirectlyAndOpenersLetNoPunchBeDropped() throws Exception {
        Ran ran = runFirewalled(PairOptions.defaults().withLegacyPeers(), "fw6-fw6");
        assertThat(ran.result().strategy()).isEqualTo(Strategy.DIRECT);
        assertThat(ran.result().result()).isEqualTo("direct");
        assertThat(ran.droppedWhileConnecting()).as("datagrams the firewalls dropped").isZero();
        List<Frame> lan = CapturedFrames.read(ran.captures().resolve("nata-fw6-lan.pcap"));
        List<Frame> wan = CapturedFrames.read(ran.captures().resolve("nata-fw6-wan.pcap"));
        String b = "2001:db8:10:2:0:0:0:10";
        assertThat(lan).as("a's opener leaves its host with hop limit 2")
                .anyMatch(f -> f.kind() == MessageKind.PUNCH && f.dst().equals(b) && f.ttl() == 2);
        assertThat(wan).as("and its firewall with 1, so the internet router drops it")
                .anyMatch(f -> f.kind() == MessageKind.PUNCH && f.dst().equals(b) && f.ttl() == 1);
        assertThat(wan).as("b's punch or its answer to a's gets in")
                .anyMatch(f -> (f.kind() == MessageKind.PUNCH || f.kind() == MessageKind.PUNCH_ACK) && f.src().equals(b));
    }

    /**
     * Without openers (hop limit 64) the openers reach the far firewall like any punch, and those
     * of the side that sends first are dropped there (no flow open yet; in our runs 1 to 3
     * datagrams, none when both sides' cross on the way). The other side's punch then answers the
     * flow the first one opened at home and gets in. A stateful firewall translates nothing, so
     * unlike a Linux NAT (docs/lab.md, "What the lab proved") this simultaneous open still
     * connects: openers only spare the drops.
     */
    @Test
    void withoutOpenersThePunchesReachTheFarFirewallAndTheSimultaneousOpenConnects() throws Exception {
        Ran ran = runFirewalled(PairOptions.defaults().withLegacyPeers().withoutOpeners(), "fw6-fw6-no-openers");
        assertThat(ran.result().strategy()).isEqualTo(Strategy.DIRECT);
        assertThat(ran.result().result()).isEqualTo("direct");
        List<Frame> farWan = CapturedFrames.read(ran.captures().resolve("natb-fw6-wan.pcap"));
        assertThat(farWan).as("a's first punch arrives at b's firewall, hop limit 64 less two routers")
                .anyMatch(f -> f.kind() == MessageKind.PUNCH && f.src().equals("2001:db8:10:1:0:0:0:10") && f.ttl() == 62);
    }

    /**
     * A peer on IPv6 and one on IPv4 (behind an IPv4-only Easy NAT) cannot punch: the introducer,
     * dual-stack, introduces them with the RELAY strategy and relays between the families.
     */
    @Test
    void fw6ToAnIpv4PeerIsRelayedAcrossFamilies() throws Exception {
        Path dir = Path.of("target", "lab-captures", "fw6-easy");
        InetAddress introducer;
        try (TwoPeers pair = TwoPeers.start(LabNat.FW6, LabNat.EASY, PairOptions.defaults().withLegacyPeers().withCaptures(dir))) {
            assertThat(pair.awaitClassified(10_000)).as("both peers classified").isTrue();
            assertThat(pair.a().publicAddress().isIpv4()).isFalse();
            assertThat(pair.b().publicAddress().isIpv4()).isTrue();
            introducer = pair.introducerA().host().ipv6().orElseThrow();
            PairResult r = pair.connect();
            System.out.println("lab: " + r);
            assertThat(r.strategy()).isEqualTo(Strategy.RELAY);
            assertThat(r.attempt()).isEqualTo("RELAYED");
            assertThat(r.result()).isEqualTo("relayed");
        }
        List<Frame> wan = CapturedFrames.read(dir.resolve("nata-fw6-wan.pcap"));
        String relay = introducer.getHostAddress();
        assertThat(wan).anyMatch(f -> f.kind() == MessageKind.RELAY && f.dst().equals(relay));
        assertThat(wan).anyMatch(f -> f.kind() == MessageKind.RELAYED && f.src().equals(relay));
        assertThat(wan).as("IPv6 only, and no punch").allMatch(f -> f.src().contains(":") && f.dst().contains(":"))
                .noneMatch(f -> f.kind() == MessageKind.PUNCH);
    }

    /**
     * Behind the same two dual-stack routers, a pair on IPv4 connects directly through the Easy
     * NATs (its public addresses are the routers' WAN addresses) and a pair on IPv6 through the
     * firewalls (its public addresses are the hosts' own).
     */
    @Test
    void dualRoutersCarryADirectPairOnEachFamily() {
        connectBehindDualRouters((kind, options) -> TwoPeers.startOnIpv4(kind, kind, options), false);
        connectBehindDualRouters((kind, options) -> TwoPeers.start(kind, kind, options), true);
    }

    /**
     * Two dual-stack peers behind two dual routers, each with both halves registered (IPv4 through
     * its Easy NAT, IPv6 through its firewall): one connect punches both families directly, and the
     * data then goes on IPv6 (the paths tie on RTT: docs/peer.md, "IPv6") and is delivered.
     */
    @Test
    void dualStackPeersBehindDualRoutersConnectBothFamiliesAndSendOnIpv6() throws Exception {
        Path dir = Path.of("target", "lab-captures", "dual-dual-stack");
        PairOptions options = PairOptions.defaults().withLegacyPeers();
        try (Lab lab = Lab.create()) {
            LabHost hostA = lab.nat("nata", LabNat.DUAL).host("a");
            LabHost hostB = lab.nat("natb", LabNat.DUAL).host("b");
            LabIntroducer ia = LabIntroducer.start(lab, lab.publicHost("ia"));
            LabIntroducer ib = LabIntroducer.start(lab, lab.publicHost("ib"));
            // captured, a datagram must look as on a wire: one per packet
            lab.onePacketPerDatagram(hostA);
            LiveCapture.start(lab, hostA.nat().netns(), NftablesNatRouter.WAN, dir.resolve("nata-wan.pcap"));
            LabDualStackPeer a = dualStackPeer(lab, hostA, "a", ia, ib, options);
            LabDualStackPeer b = dualStackPeer(lab, hostB, "b", ia, ib, options);
            assertThat(Await.until(10_000, () -> classified(a) && classified(b))).as("both halves of both peers classified").isTrue();
            for (LabDualStackPeer p : List.of(a, b)) {
                assertThat(p.nat(Family.IPV4)).isEqualTo(NatType.EASY);
                assertThat(p.nat(Family.IPV6)).isEqualTo(NatType.EASY);
                assertThat(p.publicAddress(Family.IPV4).address()).isEqualTo(p.host().nat().wanAddress());
                assertThat(p.publicAddress(Family.IPV6).address()).isEqualTo(p.host().ipv6().orElseThrow());
            }
            long t0 = System.currentTimeMillis();
            a.connect(b);
            long budget = options.peerConfig("a", ia, ib).connectingMaxMillis() + 5_000;
            boolean bothDirect = Await.until(budget, () -> directBothWays(a, b, Family.IPV4) && directBothWays(a, b, Family.IPV6));
            long millis = System.currentTimeMillis() - t0;
            assertThat(bothDirect).as("a direct path on each family, both ways").isTrue();
            a.send(b, "ptpmesh dual-stack lab".getBytes(StandardCharsets.UTF_8));
            assertThat(Await.until(3_000, () -> b.receivedFrom(a).size() == 1)).as("delivered").isTrue();
            assertThat(new String(b.receivedFrom(a).get(0), StandardCharsets.UTF_8)).isEqualTo("ptpmesh dual-stack lab");
            assertThat(a.familyTo(b)).isEqualTo(Family.IPV6);
            List<TraceEvent> chosen = a.traces().stream()
                    .filter(t -> t.event().equals(DiagnosticEvent.PATH_CHOSEN.actionName())).toList();
            assertThat(chosen).as("a's PathChosen steps").isNotEmpty()
                    .allSatisfy(t -> assertThat(t.params()).containsEntry("family", "IPV6").containsEntry("path4", "DIRECT")
                            .containsEntry("path6", "DIRECT"));
            assertThat(a.errors()).isEmpty();
            System.out.println("lab: dual-stack dual->dual: both families direct in " + millis + " ms, data on "
                    + a.familyTo(b));
        }
        List<Frame> wan = CapturedFrames.read(dir.resolve("nata-wan.pcap"));
        assertThat(wan).as("the data left a's router on IPv6 only")
                .anyMatch(f -> f.kind() == MessageKind.DATA)
                .filteredOn(f -> f.kind() == MessageKind.DATA).allMatch(f -> f.src().contains(":") && f.dst().contains(":"));
        assertThat(wan).as("both families punched")
                .anyMatch(f -> f.kind() == MessageKind.PUNCH_ACK && !f.src().contains(":"))
                .anyMatch(f -> f.kind() == MessageKind.PUNCH_ACK && f.src().contains(":"));
    }

    /**
     * The matrix runs a dual-stack peer behind every dual router: one reaches an IPv4-only peer
     * behind an Easy NAT directly on IPv4 (no longer relayed across families), and another
     * dual-stack peer directly on IPv6 (preferred on a tie).
     */
    @Test
    void matrixRunsDualStackPeersBehindDualRouters() {
        List<PairResult> results = Matrix.run(List.of(LabNat.EASY, LabNat.DUAL), PairOptions.defaults(), 2,
                r -> System.out.println("lab: " + r));
        PairResult dualToEasy = pair(results, LabNat.DUAL, LabNat.EASY);
        assertThat(dualToEasy.result()).as(dualToEasy.toString()).isEqualTo("direct");
        assertThat(dualToEasy.family()).as(dualToEasy.toString()).isEqualTo(Family.IPV4);
        assertThat(dualToEasy.strategy()).isEqualTo(Strategy.DIRECT);
        assertThat(pair(results, LabNat.EASY, LabNat.DUAL).resultOnFamily()).isEqualTo("direct (ipv4)");
        PairResult dualToDual = pair(results, LabNat.DUAL, LabNat.DUAL);
        assertThat(dualToDual.result()).as(dualToDual.toString()).isEqualTo("direct");
        assertThat(dualToDual.family()).as(dualToDual.toString()).isEqualTo(Family.IPV6);
        assertThat(dualToDual.classifiedRight()).as(dualToDual.toString()).isTrue();
    }

    private static PairResult pair(List<PairResult> results, LabNat from, LabNat to) {
        return results.stream().filter(r -> r.from() == from && r.to() == to).findFirst().orElseThrow();
    }

    /** A dual-stack peer on {@code host}: the IPv4 half on the peer ports, the IPv6 half on the next two. */
    private static LabDualStackPeer dualStackPeer(Lab lab, LabHost host, String name, LabIntroducer ia, LabIntroducer ib,
            PairOptions options) {
        return LabDualStackPeer.start(lab, host, name, ia, ib, options, c -> c);
    }

    private static boolean classified(LabDualStackPeer p) {
        return p.nat(Family.IPV4) != NatType.UNKNOWN && p.nat(Family.IPV6) != NatType.UNKNOWN;
    }

    private static boolean directBothWays(LabDualStackPeer a, LabDualStackPeer b, Family family) {
        return a.pathTo(b, family) == org.ptpmesh.peer.Path.DIRECT && b.pathTo(a, family) == org.ptpmesh.peer.Path.DIRECT;
    }

    /**
     * Starts a pair behind two dual routers with {@code launch} (a peer launched with its own
     * family flags fits here too) and checks that it connects directly on the family expected.
     */
    private static void connectBehindDualRouters(BiFunction<LabNat, PairOptions, TwoPeers> launch, boolean onIpv6) {
        try (TwoPeers pair = launch.apply(LabNat.DUAL, PairOptions.defaults())) {
            assertThat(pair.awaitClassified(10_000)).as("both peers classified").isTrue();
            for (LabPeer p : List.of(pair.a(), pair.b())) {
                assertThat(p.nat()).isEqualTo(NatType.EASY);
                InetAddress expected = onIpv6 ? p.host().ipv6().orElseThrow() : p.host().nat().wanAddress();
                assertThat(p.publicAddress().address()).as(p.config().name() + "'s public address").isEqualTo(expected);
            }
            PairResult r = pair.connect();
            System.out.println("lab: " + r + (onIpv6 ? " on IPv6" : " on IPv4"));
            assertThat(r.strategy()).isEqualTo(Strategy.DIRECT);
            assertThat(r.result()).isEqualTo("direct");
        }
    }
}
