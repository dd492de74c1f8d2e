package org.ptpmesh.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.nat.Strategy;
import org.ptpmesh.portmap.MappingProtocol;
import org.ptpmesh.portmap.PortMapping;
import org.ptpmesh.trace.DiagnosticEvent;

/**
 * Port mapping against a real router daemon: miniupnpd on the LAN side of lab NATs answers PCP
 * and NAT-PMP, or only UPnP IGD, and forwards with nftables. A mapped peer behind a Hard NAT is
 * Static and is reached directly, with no birthday probes; the mapping is renewed past a short
 * lease, deleted at shutdown, and a router that refuses leaves the peer as it was. Each protocol
 * is also tried alone: a router that speaks only NAT-PMP, one that speaks only UPnP (and refuses by UPnP).
 */
@Tag("lab")
class PortMappingLabIT {

    @BeforeEach
    void lab() {
        LabTests.assumeLab();
        assumeTrue(LabMiniupnpd.installed(), "miniupnpd is not installed (Debian: apt-get install miniupnpd-nftables)");
    }

    @Test
    void aMappedHardPeerIsReachedDirectlyWithoutBirthdayProbesAndItsForwardGoesWithIt() {
        try (TwoPeers pair = TwoPeers.start(LabNat.HARD_MAP, LabNat.HARD, PairOptions.defaults())) {
            PortMapping mapping = mappedPeerIsReachedDirectly(pair, MappingProtocol.PCP, 10_000);
            forwardedUntilShutdown(pair.a(), mapping);
        }
    }

    @Test
    void twoMappedHardPeersConnectDirectly() {
        try (TwoPeers pair = TwoPeers.start(LabNat.HARD_MAP, LabNat.HARD_MAP, PairOptions.defaults())) {
            assertThat(Await.until(10_000, () -> pair.a().nat() == NatType.STATIC && pair.b().nat() == NatType.STATIC)).isTrue();
            assertThat(pair.awaitTypesRegistered(5_000)).isTrue();
            PairResult r = pair.connect();
            System.out.println("lab: " + r);
            assertThat(r.strategy()).isEqualTo(Strategy.DIRECT);
            assertThat(r.result()).isEqualTo("direct");
        }
    }

    @Test
    void aShortLeaseIsRenewedBeforeItEnds() {
        long lease = 12;
        alone(LabMiniupnpd.Settings.defaults().withMaxLifetime(lease), nat -> { }, peer -> {
            assertThat(Await.until(5_000, () -> peer.portMapping().isPresent())).isTrue();
            assertThat(peer.portMapping().orElseThrow().lifetimeSeconds()).isEqualTo(lease);
            Await.until((lease + 4) * 1000, () -> false);
            assertThat(peer.count(DiagnosticEvent.PORT_MAPPED.actionName())).as("granted, then renewed at least twice")
                    .isGreaterThanOrEqualTo(3);
            assertThat(peer.count(DiagnosticEvent.PORT_MAP_LOST.actionName())).isZero();
            assertThat(peer.host().nat().portForwards()).as("still forwarded past the first lease").hasSize(1);
        });
    }

    @Test
    void aRouterThatSpeaksOnlyNatPmpIsAskedByNatPmp() {
        // the router drops every PCP datagram (version 2): only its NAT-PMP answers
        alone(LabMiniupnpd.Settings.defaults(), nat -> nat.netns().nft("table inet ptpmesh_no_pcp {\n"
                + "  chain input {\n"
                + "    type filter hook input priority -10; policy accept;\n"
                + "    udp dport 5351 @th,64,8 2 drop\n"
                + "  }\n"
                + "}\n"), peer -> {
            assertThat(Await.until(8_000, () -> peer.portMapping().isPresent())).isTrue();
            assertThat(peer.portMapping().orElseThrow().protocol()).isEqualTo(MappingProtocol.NAT_PMP);
            assertThat(peer.host().nat().portForwards()).hasSize(1);
        });
    }

    @Test
    void aRouterThatSpeaksOnlyUpnpIsAskedByUpnpAndItsForwardGoesAtShutdown() {
        alone(LabMiniupnpd.Settings.defaults().speakingOnlyUpnp(), nat -> { }, peer -> {
            assertThat(Await.until(15_000, () -> peer.portMapping().isPresent()))
                    .as("mapped after PCP and NAT-PMP got nothing: %s", peer.host().nat().portMappingLog()).isTrue();
            PortMapping mapping = peer.portMapping().orElseThrow();
            assertThat(mapping.protocol()).isEqualTo(MappingProtocol.UPNP);
            assertThat(mapping.externalAddress()).isEqualTo(peer.host().nat().wanAddress());
            assertThat(Await.until(10_000, () -> peer.nat() == NatType.STATIC)).as("a mapped Hard peer is Static").isTrue();
            forwardedUntilShutdown(peer, mapping);
        });
    }

    @Test
    void aHardPeerMappedByUpnpIsReachedDirectlyWithoutBirthdayProbes() {
        LabMiniupnpd.Settings upnpOnly = LabMiniupnpd.Settings.defaults().speakingOnlyUpnp();
        try (TwoPeers pair = TwoPeers.start(LabNat.HARD_MAP, upnpOnly, LabNat.HARD, PairOptions.defaults())) {
            mappedPeerIsReachedDirectly(pair, MappingProtocol.UPNP, 15_000);
        }
    }

    /**
     * miniupnpd, its rules denying the port asked for, searches every other port for one they
     * allow (a rule check and an nftables query each): it stays busy for tens of seconds and the
     * peer, answered by neither protocol in time, gives up after its six requests and a UPnP search
     * no one answers (UPnP is off on this router). The ruleset is
     * not read here: nft's dumps are interrupted while the daemon queries it.
     */
    @Test
    void aRouterThatRefusesLeavesThePeerBehindItsNat() {
        alone(LabMiniupnpd.Settings.defaults().refusing(), nat -> { }, peer -> {
            String unavailable = DiagnosticEvent.PORT_MAP_UNAVAILABLE.actionName();
            // PCP's and NAT-PMP's three requests each and the UPnP search end within about 8 s; the
            // rest of the wait is for a loaded machine. Once is checked apart, so a late second give-up fails too.
            assertThat(Await.until(20_000, () -> peer.count(unavailable) >= 1))
                    .as("the peer gave up mapping: %s", portMapEvents(peer)).isTrue();
            assertThat(peer.count(unavailable)).as("gave up once: %s", portMapEvents(peer)).isEqualTo(1);
            System.out.println("lab: refused, " + portMapEvents(peer));
            assertThat(Await.until(5_000, () -> peer.nat() == NatType.HARD)).isTrue();
            assertThat(peer.portMapping()).isEmpty();
            assertThat(peer.host().nat().portMappingLog()).contains("port mapping rejected").doesNotContain("port mapping accepted");
        });
    }

    /**
     * miniupnpd with UPnP on and rules that deny every mapping answers AddPortMapping with UPnP
     * error 606 (Action not authorized; an IGD v1 build would say 718): one request, no other
     * port tried, and the peer gives up as soon as the answer is in.
     */
    @Test
    void aRouterThatRefusesByUpnpIsAskedForOnePortOnly() {
        alone(LabMiniupnpd.Settings.defaults().speakingOnlyUpnp().refusing(), nat -> { }, peer -> {
            String unavailable = DiagnosticEvent.PORT_MAP_UNAVAILABLE.actionName();
            assertThat(Await.until(20_000, () -> peer.count(unavailable) >= 1)).as("gave up: %s", portMapEvents(peer)).isTrue();
            assertThat(peer.traces()).filteredOn(t -> t.event().equals(unavailable)).singleElement()
                    .satisfies(t -> assertThat(t.params().toString()).contains("upnp: refused, Action not authorized (606)"));
            String log = peer.host().nat().portMappingLog();
            assertThat(log.split("SOAPAction: [^\\n]*#AddPortMapping", -1)).as("one AddPortMapping: %s", log).hasSize(2);
            assertThat(peer.portMapping()).isEmpty();
        });
    }

    /**
     * Peer a, behind hard+map, mapped by {@code protocol} within {@code withinMillis}, Static and so
     * known to the introducer; peer b Hard. b reaches a directly, with no birthday probes. Returns a's mapping.
     */
    private static PortMapping mappedPeerIsReachedDirectly(TwoPeers pair, MappingProtocol protocol, long withinMillis) {
        LabPeer mapped = pair.a();
        assertThat(Await.until(withinMillis, () -> mapped.nat() == NatType.STATIC && pair.b().nat() == NatType.HARD))
                .as("a mapped and classified: %s, %s", mapped.nat(), mapped.host().nat().portMappingLog()).isTrue();
        PortMapping mapping = mapped.portMapping().orElseThrow();
        assertThat(mapping.protocol()).isEqualTo(protocol);
        assertThat(mapping.externalAddress()).isEqualTo(mapped.host().nat().wanAddress());
        assertThat(pair.awaitTypesRegistered(5_000)).as("the introducer knows a as Static").isTrue();

        PairResult r = pair.connect();
        System.out.println("lab: " + r);
        assertThat(r.strategy()).isEqualTo(Strategy.DIRECT);
        assertThat(r.result()).isEqualTo("direct");
        assertThat(r.probes()).as("direct punches only, no birthday probes").isLessThan(org.ptpmesh.peer.PeerDefaults.BIRTHDAY_PORTS);
        return mapping;
    }

    /** The router forwards the mapped port to the peer's host, and no longer once the peer deleted its mapping at shutdown. */
    private static void forwardedUntilShutdown(LabPeer peer, PortMapping mapping) {
        String forward = "dport " + mapping.externalPort() + " dnat ip to " + peer.host().address().getHostAddress();
        assertThat(peer.host().nat().portForwards()).anyMatch(rule -> rule.contains(forward));
        peer.releasePortMapping();
        assertThat(Await.until(5_000, () -> peer.host().nat().portForwards().isEmpty()))
                .as("the forward is gone after shutdown: %s", peer.host().nat().portForwards()).isTrue();
    }

    /** The peer's port-mapping trace events, each with its time, for a failure's message. */
    private static String portMapEvents(LabPeer peer) {
        return peer.traces().stream().filter(t -> t.event().startsWith("PortMap"))
                .map(t -> t.time() + " " + t.event() + " " + t.params()).toList() + "; router: " + peer.host().nat().portMappingLog();
    }

    /** One peer behind a Hard NAT with miniupnpd set up as {@code router}, after {@code prepare} ran on the NAT. */
    private static void alone(LabMiniupnpd.Settings router, Consumer<NftablesNatRouter> prepare, Consumer<LabPeer> check) {
        try (Lab lab = Lab.create()) {
            NftablesNatRouter nat = lab.nat("map", LabNat.HARD_MAP, router);
            prepare.accept(nat);
            LabHost host = nat.host("a");
            LabIntroducer a = LabIntroducer.start(lab, lab.publicHost("ia"));
            LabIntroducer b = LabIntroducer.start(lab, lab.publicHost("ib"));
            LabPeer peer = LabPeer.start(lab, host, PairOptions.defaults().peerConfig("a", a, b));
            check.accept(peer);
        }
    }
}
