package org.ptpmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptpmesh.scenario.Mesh;
import org.ptpmesh.scenario.MeshPeer;
import org.ptpmesh.scenario.NatKind;
import org.ptpmesh.sim.LinkProfile;
import org.ptpmesh.sim.SeedInFailure;
import org.ptpmesh.trace.TraceEvent;

/**
 * Relay first, then direct: application messages sent before, during and after the switch
 * arrive exactly once and in order, also over lossy, duplicating, reordering links.
 */
@ExtendWith(SeedInFailure.class)
class RelayFirstTest {

    private static List<String> payloads(MeshPeer p) {
        return p.deliveries().stream().map(MeshPeer.Delivery::payload).toList();
    }

    /** Sends {@code count} messages a -> b, one every {@code gap} ms, from now on. */
    private static void stream(Mesh mesh, MeshPeer a, MeshPeer b, int count, long gap) {
        for (int i = 1; i <= count; i++) {
            int n = i;
            mesh.simulation().at(mesh.simulation().now() + (i - 1) * gap, () -> mesh.send(a, b, "m" + n));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = 21)
    void messagesGoThroughTheRelayAtOnceThenMoveToTheDirectPath(long seed) {
        Mesh mesh = new Mesh(seed);
        List<TraceEvent> events = new java.util.ArrayList<>();
        mesh.simulation().addTraceSink(events::add);
        MeshPeer a = mesh.addPeer("a", NatKind.LINUX_EASY);
        MeshPeer b = mesh.addPeer("b", NatKind.LINUX_HARD);
        mesh.runFor(3_000);
        // 15 s of messages: longer than a birthday attempt may take (BDP x BDP_MAX_PACKETS = 10 s)
        stream(mesh, a, b, 300, 50);
        mesh.runFor(25_000);
        assertThat(payloads(b)).containsExactlyElementsOf(IntStream.rangeClosed(1, 300).mapToObj(i -> "m" + i).toList());
        assertThat(events).filteredOn(e -> e.node().equals("a") && e.event().equals("SendData"))
                .extracting(e -> e.params().get("path")).contains("RELAY", "DIRECT");
        assertThat(events).extracting(TraceEvent::event).contains("RelayStart", "UpgradeToDirect");
        assertThat(a.peer().pathTo(b.id())).isEqualTo(Path.DIRECT);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = 22)
    void hardToHardStaysOnTheRelayAndDeliversEverything(long seed) {
        Mesh mesh = new Mesh(seed);
        MeshPeer a = mesh.addPeer("a", NatKind.LINUX_HARD);
        MeshPeer b = mesh.addPeer("b", NatKind.HARD);
        mesh.runFor(3_000);
        stream(mesh, a, b, 50, 10);
        stream(mesh, b, a, 50, 10);
        mesh.runFor(10_000);
        assertThat(payloads(b)).hasSize(50).startsWith("m1").endsWith("m50");
        assertThat(payloads(a)).hasSize(50).startsWith("m1").endsWith("m50");
        assertThat(a.peer().pathTo(b.id())).isEqualTo(Path.RELAY);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = 23)
    void relayOnlyPeersNeverPunchAndDeliverEverythingThroughTheRelay(long seed) {
        Mesh mesh = new Mesh(seed, c -> c.withRelayOnly(true));
        List<TraceEvent> events = new java.util.ArrayList<>();
        mesh.simulation().addTraceSink(events::add);
        MeshPeer a = mesh.addPeer("a", NatKind.EASY);
        MeshPeer b = mesh.addPeer("b", NatKind.EASY);
        mesh.runFor(3_000);
        stream(mesh, a, b, 40, 50);
        mesh.runFor(15_000);
        assertThat(payloads(b)).containsExactlyElementsOf(IntStream.rangeClosed(1, 40).mapToObj(i -> "m" + i).toList());
        assertThat(a.peer().pathTo(b.id())).isEqualTo(Path.RELAY);
        assertThat(b.peer().pathTo(a.id())).isEqualTo(Path.RELAY);
        // Easy/Easy punches directly when allowed (the first test): here the introduction ends on the relay
        assertThat(events).extracting(TraceEvent::event).contains("ReceiveIntro").doesNotContain("UpgradeToDirect");
        assertThat(events).filteredOn(e -> e.event().equals("SendData")).extracting(e -> e.params().get("path")).containsOnly("RELAY");
        // 40 messages in 2 s, each asking to connect: one introduction, not one per message
        assertThat(events).filteredOn(e -> e.node().equals("a") && e.event().equals("RequestIntro")).hasSize(1);
        assertThat(a.peer().attemptResults()).extracting(AttemptResult::outcome).containsExactly(AttemptOutcome.RELAYED);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = 24)
    void messagesSurviveTheFallToTheRelayAndTheWayBackToTheDirectPath(long seed) {
        Mesh mesh = new Mesh(seed);
        List<TraceEvent> events = new java.util.ArrayList<>();
        mesh.simulation().addTraceSink(e -> {
            if (e.node().equals("a")) {
                events.add(e);
            }
        });
        MeshPeer a = mesh.addPeer("a", NatKind.EASY);
        MeshPeer b = mesh.addPeer("b", NatKind.LINUX_EASY);
        mesh.runFor(3_000);
        mesh.connect(a, b);
        mesh.runFor(5_000);
        assertThat(a.peer().pathTo(b.id())).isEqualTo(Path.DIRECT);
        stream(mesh, a, b, 240, 1_000);
        // Twenty seconds in, the direct path dies (the relay, through the introducer, lives on);
        // a hundred seconds later it comes back.
        var internet = mesh.simulation().internet();
        var ends = new java.net.InetAddress[] {a.nat().publicAddress(), b.nat().publicAddress()};
        mesh.runFor(20_000);
        internet.setPathProfile(ends[0], ends[1], LinkProfile.ofLatency(0).withLoss(1.0));
        mesh.runFor(100_000);
        assertThat(a.peer().pathTo(b.id())).isEqualTo(Path.RELAY);
        internet.setPathProfile(ends[0], ends[1], LinkProfile.ofLatency(0));
        mesh.runFor(150_000);
        assertThat(payloads(b)).containsExactlyElementsOf(IntStream.rangeClosed(1, 240).mapToObj(i -> "m" + i).toList());
        assertThat(events).extracting(TraceEvent::event).containsSubsequence("FallbackToRelay", "UpgradeToDirect");
        assertThat(events).filteredOn(e -> e.event().equals("SendData") || e.event().equals("ResendData"))
                .extracting(e -> e.params().get("path")).containsSubsequence("DIRECT", "RELAY", "DIRECT");
        assertThat(a.peer().pathTo(b.id())).isEqualTo(Path.DIRECT);
    }

    @Property(tries = 15)
    void exactlyOnceInOrderOverImpairedLinks(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        Mesh mesh = new Mesh(seed);
        mesh.simulation().setDefaultUplink(LinkProfile.ofLatency(15).withJitter(10).withLoss(0.05)
                .withDuplication(0.05).withReordering(0.1, 30));
        MeshPeer a = mesh.addPeer("a", NatKind.EASY);
        MeshPeer b = mesh.addPeer("b", NatKind.LINUX_EASY);
        mesh.runFor(5_000);
        stream(mesh, a, b, 100, 15);
        mesh.runFor(30_000);
        assertThat(payloads(b)).as("seed %d", seed)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 100).mapToObj(i -> "m" + i).toList());
    }
}
