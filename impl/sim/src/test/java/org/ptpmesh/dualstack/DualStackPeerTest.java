package org.ptpmesh.dualstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptpmesh.peer.Path;
import org.ptpmesh.scenario.DualStackMesh;
import org.ptpmesh.scenario.DualStackMesh.Member;
import org.ptpmesh.scenario.NatKind;
import org.ptpmesh.sim.LinkProfile;
import org.ptpmesh.sim.SeedInFailure;
import org.ptpmesh.trace.TraceEvent;

/**
 * Dual-stack peers on the simulator (an IPv4 address behind a NAT, an IPv6 one behind a stateful
 * firewall): both families connect, data goes on the better path, IPv6 on a tie, and moves to the
 * other family's path when its own fails, exactly once and in order.
 */
@ExtendWith(SeedInFailure.class)
class DualStackPeerTest {

    /** Longer than a keepalive period: both direct paths have an RTT by then. */
    private static final long PAST_FIRST_KEEPALIVE = 35_000;

    private final List<TraceEvent> chosen = new ArrayList<>();

    private DualStackMesh mesh(long seed) {
        DualStackMesh mesh = new DualStackMesh(seed);
        mesh.simulation().addTraceSink(e -> {
            if (e.event().equals("PathChosen") && e.node().equals("a")) {
                chosen.add(e);
            }
        });
        return mesh;
    }

    /** Sends "m1".."m{count}" a -> b, one every {@code gap} ms from now on. */
    private static void stream(DualStackMesh mesh, Member a, Member b, int count, long gap) {
        for (int i = 1; i <= count; i++) {
            int n = i;
            mesh.simulation().at(mesh.simulation().now() + (i - 1) * gap, () -> mesh.send(a, b, "m" + n));
        }
    }

    private static List<String> numbered(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "m" + i).toList();
    }

    private static InetAddress ipv6Of(Member m) {
        return m.host().addresses().get(1);
    }

    private List<Object> chosenFamilies() {
        return chosen.stream().map(e -> e.params().get("family")).toList();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = 61)
    void equalRttsGoOnIpv6(long seed) {
        DualStackMesh mesh = mesh(seed);
        Member a = mesh.addDualStackPeer("a", NatKind.EASY);
        Member b = mesh.addDualStackPeer("b", NatKind.LINUX_EASY);
        mesh.runFor(3_000);
        stream(mesh, a, b, 40, 1_000);
        mesh.runFor(PAST_FIRST_KEEPALIVE + 10_000);

        assertThat(b.received()).containsExactlyElementsOf(numbered(40));
        for (Family family : Family.values()) {
            assertThat(a.dual().peer(family).pathTo(b.id())).as(family.name()).isEqualTo(Path.DIRECT);
            assertThat(a.dual().peer(family).directRttTo(b.id())).as(family.name()).isPositive();
        }
        assertThat(a.dual().familyTo(b.id())).isEqualTo(Family.IPV6);
        assertThat(a.dual().pathTo(b.id())).isEqualTo(Path.DIRECT);
        assertThat(chosenFamilies()).last().isEqualTo("IPV6");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = 62)
    void aClearlyFasterIpv4PathWins(long seed) {
        DualStackMesh mesh = mesh(seed);
        Member a = mesh.addDualStackPeer("a", NatKind.EASY);
        Member b = mesh.addDualStackPeer("b", NatKind.EASY);
        // the IPv6 path between the two is 60 ms longer each way than the IPv4 one
        mesh.simulation().internet().setPathProfile(ipv6Of(a), ipv6Of(b), LinkProfile.ofLatency(60));
        mesh.runFor(3_000);
        stream(mesh, a, b, 60, 1_000);
        mesh.runFor(PAST_FIRST_KEEPALIVE + 30_000);

        long rtt4 = a.dual().peer(Family.IPV4).directRttTo(b.id());
        long rtt6 = a.dual().peer(Family.IPV6).directRttTo(b.id());
        assertThat(rtt6 - rtt4).isGreaterThanOrEqualTo(100);
        assertThat(a.dual().familyTo(b.id())).isEqualTo(Family.IPV4);
        // IPv6 while no RTT was known (a tie), IPv4 once the keepalives measured both
        assertThat(chosenFamilies()).containsSubsequence("IPV6", "IPV4").last().isEqualTo("IPV4");
        assertThat(b.received()).containsExactlyElementsOf(numbered(60));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = 63)
    void whenTheIpv6PathDiesDataMovesToIpv4ExactlyOnce(long seed) {
        DualStackMesh mesh = mesh(seed);
        Member a = mesh.addDualStackPeer("a", NatKind.EASY);
        Member b = mesh.addDualStackPeer("b", NatKind.LINUX_EASY);
        mesh.runFor(3_000);
        stream(mesh, a, b, 200, 1_000);
        mesh.runFor(20_000);
        assertThat(a.dual().familyTo(b.id())).isEqualTo(Family.IPV6);
        // the direct IPv6 path between the two dies; the IPv6 relay (the introducer) lives on
        long death = mesh.simulation().now();
        mesh.simulation().internet().setPathProfile(ipv6Of(a), ipv6Of(b), LinkProfile.ofLatency(0).withLoss(1.0));
        mesh.runFor(200_000);
        // unacknowledged data gave the IPv6 path up after four retransmissions (2 s), not after
        // the keepalive rule's two missed periods (a minute)
        TraceEvent toIpv4 = chosen.get(chosen.size() - 1);
        assertThat(toIpv4.params().get("family")).isEqualTo("IPV4");
        assertThat(toIpv4.time() - death).isBetween(2_000L, 4_000L);

        assertThat(b.received()).containsExactlyElementsOf(numbered(200));
        assertThat(a.dual().peer(Family.IPV6).pathTo(b.id())).isNotEqualTo(Path.DIRECT);
        assertThat(a.dual().familyTo(b.id())).isEqualTo(Family.IPV4);
        assertThat(a.dual().pathTo(b.id())).isEqualTo(Path.DIRECT);
        assertThat(chosenFamilies()).containsSubsequence("IPV6", "IPV4");
    }

    @Property(tries = 8)
    void exactlyOnceInOrderAcrossFamiliesOverImpairedLinks(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @LongRange(min = 5_000, max = 60_000) long ipv6DiesAt) {
        DualStackMesh mesh = new DualStackMesh(seed);
        mesh.simulation().setDefaultUplink(LinkProfile.ofLatency(15).withJitter(10).withLoss(0.05)
                .withDuplication(0.05).withReordering(0.1, 30));
        Member a = mesh.addDualStackPeer("a", NatKind.EASY);
        Member b = mesh.addDualStackPeer("b", NatKind.LINUX_EASY);
        mesh.runFor(3_000);
        stream(mesh, a, b, 150, 500);
        mesh.runFor(ipv6DiesAt);
        mesh.simulation().internet().setPathProfile(ipv6Of(a), ipv6Of(b), LinkProfile.ofLatency(0).withLoss(1.0));
        mesh.runFor(200_000);
        assertThat(b.received()).as("seed %d, IPv6 dies at %d ms", seed, ipv6DiesAt).containsExactlyElementsOf(numbered(150));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = 64)
    void anIpv4OnlyPeerIsReachedOnIpv4(long seed) {
        DualStackMesh mesh = mesh(seed);
        Member a = mesh.addDualStackPeer("a", NatKind.EASY);
        Member b = mesh.addIpv4Peer("b", NatKind.EASY);
        mesh.runFor(3_000);
        stream(mesh, a, b, 20, 500);
        stream(mesh, b, a, 20, 500);
        mesh.runFor(20_000);

        assertThat(b.received()).containsExactlyElementsOf(numbered(20));
        assertThat(a.received()).containsExactlyElementsOf(numbered(20));
        assertThat(a.dual().familyTo(b.id())).isEqualTo(Family.IPV4);
        assertThat(a.dual().pathTo(b.id())).isEqualTo(Path.DIRECT);
        assertThat(a.dual().peer(Family.IPV6).knows(b.id())).isFalse();
        assertThat(chosenFamilies()).containsOnly("IPV4");
    }
}
