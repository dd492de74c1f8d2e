package org.ptpmesh.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.ptpmesh.lab.CapturedFrames.Frame;
import org.ptpmesh.wire.MessageKind;

/**
 * The lab captures kept in pcap-fixtures/ decode to what pcap-fixtures/README.md says they
 * show. Reads files only: runs everywhere libpcap is installed, no root needed.
 */
class LabFixturesTest {

    private static final Path DIR = Path.of("..", "..", "pcap-fixtures");
    private static final String EASY_NAT = "203.0.113.2";
    private static final String HARD_NAT = "203.0.113.6";
    private static final String INTRODUCER_A = "198.51.100.2";
    private static final int PEER_PORT = 3456;
    /** Hosts behind the fw6 routers, and introducer A, on IPv6 (as InetAddress.getHostAddress writes them). */
    private static final String FW6_HOST_A = "2001:db8:10:1:0:0:0:10";
    private static final String FW6_HOST_B = "2001:db8:10:2:0:0:0:10";
    private static final String INTRODUCER_A6 = "2001:db8:198:0:0:0:0:2";
    private static final String INTRODUCER_B6 = "2001:db8:198:1:0:0:0:2";

    private static List<Frame> read(String name) throws Exception {
        return CapturedFrames.read(DIR.resolve(name));
    }

    @Test
    void birthdayHardLan_theHardPeerOpens256PortsWithTtl2() throws Exception {
        List<Frame> frames = read("lab-birthday-hard-lan.pcap");
        List<Frame> openers = frames.stream().filter(f -> f.kind() == MessageKind.PUNCH && f.ttl() == 2).toList();
        assertThat(openers).hasSize(256).allMatch(f -> f.dst().equals(EASY_NAT) && f.dport() == PEER_PORT);
        Set<Integer> ports = openers.stream().map(Frame::sport).collect(Collectors.toSet());
        assertThat(ports).hasSize(256);
        // the Easy side's probe that found an open port comes in on one of them, and is answered from it
        assertThat(frames).anyMatch(f -> f.kind() == MessageKind.PUNCH && f.src().equals(EASY_NAT) && ports.contains(f.dport()));
        assertThat(frames).anyMatch(f -> f.kind() == MessageKind.PUNCH_ACK && ports.contains(f.sport()) && f.dst().equals(EASY_NAT));
    }

    @Test
    void birthdayHardWan_openersLeaveWithTtl1AndOneProbeHitsTheirPorts() throws Exception {
        List<Frame> frames = read("lab-birthday-hard-wan.pcap");
        List<Frame> openers = frames.stream().filter(f -> f.kind() == MessageKind.PUNCH && f.src().equals(HARD_NAT) && f.ttl() == 1).toList();
        assertThat(openers).hasSize(256);
        Set<Integer> publicPorts = openers.stream().map(Frame::sport).collect(Collectors.toSet());
        assertThat(publicPorts).as("fully random: 256 public ports").hasSize(256);
        List<Frame> probes = frames.stream().filter(f -> f.kind() == MessageKind.PUNCH && f.src().equals(EASY_NAT)).toList();
        assertThat(probes).isNotEmpty().allMatch(f -> f.sport() == PEER_PORT);
        assertThat(probes.stream().filter(f -> publicPorts.contains(f.dport())).count()).as("probes that hit an opened port")
                .isGreaterThanOrEqualTo(1);
        assertThat(frames).anyMatch(f -> f.kind() == MessageKind.PUNCH_ACK && f.src().equals(HARD_NAT)
                && publicPorts.contains(f.sport()) && f.dst().equals(EASY_NAT) && f.dport() == PEER_PORT);
    }

    @Test
    void birthdayEasyWan_noOpenerReachesTheEasyNatAndProbesKeepPort3456() throws Exception {
        List<Frame> frames = read("lab-birthday-easy-wan.pcap");
        int firstProbe = CapturedFrames.indexOf(frames, f -> f.kind() == MessageKind.PUNCH && f.dst().equals(HARD_NAT));
        assertThat(firstProbe).isNotNegative();
        assertThat(frames.subList(0, firstProbe)).noneMatch(f -> f.src().equals(HARD_NAT));
        assertThat(frames.stream().filter(f -> f.kind() == MessageKind.PUNCH && f.dst().equals(HARD_NAT)))
                .allMatch(f -> f.src().equals(EASY_NAT) && f.sport() == PEER_PORT);
        assertThat(frames).anyMatch(f -> f.kind() == MessageKind.PUNCH_ACK && f.src().equals(HARD_NAT));
    }

    @Test
    void noOpenersEasyWan_earlyPingsMoveTheProbesToAnotherPort() throws Exception {
        List<Frame> frames = read("lab-no-openers-easy-wan.pcap");
        int firstProbe = CapturedFrames.indexOf(frames, f -> f.kind() == MessageKind.PUNCH && f.src().equals(EASY_NAT) && f.dst().equals(HARD_NAT));
        List<Frame> early = frames.subList(0, firstProbe).stream()
                .filter(f -> f.kind() == MessageKind.PUNCH && f.src().equals(HARD_NAT)).toList();
        assertThat(early).as("the Hard side's pings arrive first, with TTL 64 less two routers").hasSize(256)
                .allMatch(f -> f.ttl() == 62 && f.dport() == PEER_PORT);
        Set<Integer> pinged = early.stream().map(Frame::sport).collect(Collectors.toSet());
        List<Frame> hits = frames.stream().filter(f -> f.kind() == MessageKind.PUNCH && f.src().equals(EASY_NAT)
                && pinged.contains(f.dport())).toList();
        assertThat(hits).as("probes to a port a ping came from").isNotEmpty()
                .allMatch(f -> f.sport() != PEER_PORT, "leave from another public port than 3456 (conntrack clash)");
        assertThat(frames).noneMatch(f -> f.kind() == MessageKind.PUNCH_ACK && f.src().equals(HARD_NAT));
    }

    @Test
    void relayHardWan_hardPeersTalkOnlyThroughTheIntroducer() throws Exception {
        List<Frame> frames = read("lab-relay-hard-wan.pcap");
        assertThat(frames).anyMatch(f -> f.kind() == MessageKind.RELAY && f.dst().equals(INTRODUCER_A));
        assertThat(frames).anyMatch(f -> f.kind() == MessageKind.RELAYED && f.src().equals(INTRODUCER_A));
        // captured at the first Hard NAT (203.0.113.2); the other Hard NAT is 203.0.113.6
        assertThat(frames).as("nothing to or from the other NAT")
                .noneMatch(f -> f.src().equals(HARD_NAT) || f.dst().equals(HARD_NAT));
        assertThat(frames).noneMatch(f -> f.kind() == MessageKind.PUNCH);
    }

    @Test
    void fw6Wan_theOpenerOpensTheFirewallAndDiesPastIt() throws Exception {
        List<Frame> frames = read("lab-fw6-fw6-wan.pcap");
        assertThat(frames).as("IPv6 only").isNotEmpty().allMatch(f -> f.src().contains(":") && f.dst().contains(":"));
        int opener = CapturedFrames.indexOf(frames, f -> f.kind() == MessageKind.PUNCH && f.dst().equals(FW6_HOST_B));
        assertThat(opener).as("a punch to b left").isNotNegative();
        assertThat(frames.get(opener).ttl()).as("the first one is the opener: hop limit 2 less a's router").isEqualTo(1);
        assertThat(frames.subList(0, opener)).as("nothing from b before the opener").noneMatch(f -> f.src().equals(FW6_HOST_B));
        // b's punch or its answer crosses b's router and the internet router, and is let in
        assertThat(frames).anyMatch(f -> (f.kind() == MessageKind.PUNCH || f.kind() == MessageKind.PUNCH_ACK)
                && f.src().equals(FW6_HOST_B) && f.sport() == PEER_PORT && f.dport() == PEER_PORT && f.ttl() == 62);
        assertThat(frames).anyMatch(f -> f.kind() == MessageKind.DATA && f.dst().equals(FW6_HOST_B));
        // no translation: everything a sends leaves from its own address and port
        assertThat(frames.stream().filter(f -> !f.dst().equals(FW6_HOST_A))).allMatch(f -> f.src().equals(FW6_HOST_A)
                && f.sport() == PEER_PORT);
        // the NAT check's TESTs reach the firewall unasked (it drops them, so a is Easy)
        assertThat(frames).anyMatch(f -> f.kind() == MessageKind.TEST && f.src().equals(INTRODUCER_A6) && f.dst().equals(FW6_HOST_A));
    }

    @Test
    void relayFw6EasyWan_theIpv6PeerReachesTheIpv4PeerOnlyThroughTheIntroducer() throws Exception {
        List<Frame> frames = read("lab-relay-fw6-easy-wan.pcap");
        assertThat(frames).as("IPv6 only").isNotEmpty().allMatch(f -> f.src().contains(":") && f.dst().contains(":"));
        assertThat(frames).anyMatch(f -> f.kind() == MessageKind.RELAY && f.dst().equals(INTRODUCER_A6));
        assertThat(frames).anyMatch(f -> f.kind() == MessageKind.RELAYED && f.src().equals(INTRODUCER_A6));
        assertThat(frames).as("to and from the introducers only")
                .allMatch(f -> List.of(INTRODUCER_A6, INTRODUCER_B6).contains(f.src().equals(FW6_HOST_A) ? f.dst() : f.src()));
        assertThat(frames).noneMatch(f -> f.kind() == MessageKind.PUNCH);
    }
}
