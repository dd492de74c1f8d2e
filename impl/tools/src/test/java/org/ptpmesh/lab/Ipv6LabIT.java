package org.ptpmesh.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ptpmesh.lab.CapturedFrames.Frame;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.nat.Strategy;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;

/**
 * IPv6 in the lab: peers with global addresses behind the stateful firewalls of IPv6 home
 * routers ({@code fw6}), across families to an IPv4 peer, and behind dual-stack routers
 * ({@code dual}: an Easy NAT for IPv4 and the firewall for IPv6) on each family.
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
        Ran ran = runFirewalled(PairOptions.defaults(), "fw6-fw6");
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
        Ran ran = runFirewalled(PairOptions.defaults().withoutOpeners(), "fw6-fw6-no-openers");
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
        try (TwoPeers pair = TwoPeers.start(LabNat.FW6, LabNat.EASY, PairOptions.defaults().withCaptures(dir))) {
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
