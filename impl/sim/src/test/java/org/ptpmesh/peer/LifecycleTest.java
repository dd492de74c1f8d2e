package org.ptpmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.scenario.Mesh;
import org.ptpmesh.scenario.MeshPeer;
import org.ptpmesh.scenario.NatKind;
import org.ptpmesh.sim.LinkProfile;
import org.ptpmesh.sim.NatRouter;
import org.ptpmesh.sim.SeedInFailure;
import org.ptpmesh.trace.TraceEvent;

/** Keepalive over time and loss, sleep and wake, restart, moving behind another NAT. */
@ExtendWith(SeedInFailure.class)
class LifecycleTest {

    private static final long MINUTE = 60_000;

    private static MeshPeer[] connectedPair(Mesh mesh, NatKind a, NatKind b) {
        MeshPeer pa = mesh.addPeer("a", a);
        MeshPeer pb = mesh.addPeer("b", b);
        mesh.runFor(3_000);
        // each side hears of an attempt by one INTRO: at 5% loss one is lost now and then, and the
        // attempt ends on the relay; an application asks again, as this does (three tries at most)
        for (int attempt = 0; attempt < 3 && pa.peer().pathTo(pb.id()) != Path.DIRECT; attempt++) {
            mesh.connect(pa, pb);
            mesh.runFor(12_000);
        }
        assertThat(pa.peer().pathTo(pb.id())).isEqualTo(Path.DIRECT);
        return new MeshPeer[] {pa, pb};
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = 31)
    void keepaliveHoldsPeersActiveForTenMinutesAtFivePercentLoss(long seed) {
        Mesh mesh = new Mesh(seed);
        mesh.simulation().setDefaultUplink(LinkProfile.ofLatency(10).withLoss(0.05));
        List<String> states = new ArrayList<>();
        mesh.simulation().addTraceSink(e -> {
            if (e.event().equals("PeerStateChange") || e.event().equals("FallbackToRelay")) {
                states.add(e.node() + " " + e.params());
            }
        });
        MeshPeer[] p = connectedPair(mesh, NatKind.LINUX_EASY, NatKind.EASY);
        for (int minute = 0; minute < 10; minute++) {
            mesh.runFor(MINUTE);
            assertThat(p[0].peer().stateOf(p[1].id())).as("minute %d", minute).isEqualTo(PeerState.ACTIVE);
            assertThat(p[1].peer().stateOf(p[0].id())).isEqualTo(PeerState.ACTIVE);
        }
        // The NAT mappings survived too: the path never fell back to the relay.
        assertThat(states).noneMatch(s -> s.contains("peer=") && !s.contains("ACTIVE"));
        assertThat(p[0].peer().pathTo(p[1].id())).isEqualTo(Path.DIRECT);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = 32)
    void aSilentPeerGoesInactiveMissingForgottenButIntroducersStay(long seed) {
        Mesh mesh = new Mesh(seed);
        List<String> transitions = new ArrayList<>();
        MeshPeer[] p = connectedPair(mesh, NatKind.EASY, NatKind.EASY);
        mesh.simulation().addTraceSink(e -> {
            if (e.node().equals("a") && e.event().equals("PeerStateChange") && p[1].id().shortName().equals(e.params().get("peer"))) {
                transitions.add((String) e.params().get("state"));
            }
        });
        p[1].host().sleep();
        mesh.runFor(6 * PeerDefaults.KEEP_ALIVE_TIMEOUT);
        assertThat(transitions).containsSubsequence("INACTIVE", "MISSING", "FORGOTTEN");
        assertThat(p[0].peer().knows(p[1].id())).isFalse();
        assertThat(p[0].peer().stateOf(mesh.introducerA().id())).isEqualTo(PeerState.ACTIVE);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = 33)
    void wakingUpAfterAGapReclassifiesTheNat(long seed) {
        Mesh mesh = new Mesh(seed);
        List<TraceEvent> events = new ArrayList<>();
        mesh.simulation().addTraceSink(events::add);
        MeshPeer a = mesh.addPeer("a", NatKind.EASY);
        mesh.runFor(5_000);
        a.host().sleep();
        mesh.runFor(3 * PeerDefaults.KEEP_ALIVE_TIMEOUT);
        events.clear();
        a.host().wake();
        mesh.runFor(2_000);
        assertThat(events).filteredOn(e -> e.node().equals("a")).extracting(TraceEvent::event)
                .containsSubsequence("KeepAliveTick", "Wakeup", "CalculateNat", "ClassifyNat");
        assertThat(a.peer().nat()).isEqualTo(NatType.EASY);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = 34)
    void aRestartedPeerIsIntroducedAgainAndConnects(long seed) {
        Mesh mesh = new Mesh(seed);
        MeshPeer[] p = connectedPair(mesh, NatKind.EASY, NatKind.LINUX_EASY);
        mesh.restart(p[1]);
        mesh.runFor(3_000);
        assertThat(p[1].peer().knows(p[0].id())).isFalse();
        mesh.connect(p[1], p[0]);
        mesh.runFor(10_000);
        assertThat(p[1].peer().pathTo(p[0].id())).isEqualTo(Path.DIRECT);
        assertThat(p[0].peer().pathTo(p[1].id())).isEqualTo(Path.DIRECT);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = 35)
    void aHostMovedBehindAnotherNatIsReclassifiedAndReconnects(long seed) {
        Mesh mesh = new Mesh(seed);
        MeshPeer[] p = connectedPair(mesh, NatKind.EASY, NatKind.EASY);
        NatRouter hard = mesh.simulation().addNat("elsewhere", NatKind.HARD.model());
        p[1].host().moveTo(hard.lan());
        mesh.runFor(5_000);
        assertThat(p[1].peer().nat()).isEqualTo(NatType.HARD);
        // The old direct path dies; after the missed keepalives both fall back and ask again.
        mesh.runFor(4 * PeerDefaults.KEEP_ALIVE_TIMEOUT);
        assertThat(p[0].peer().pathTo(p[1].id())).isEqualTo(Path.DIRECT);
        assertThat(p[0].peer().attemptResults()).extracting(AttemptResult::strategy)
                .contains(org.ptpmesh.nat.Strategy.BIRTHDAY_PROBE);
        mesh.send(p[0], p[1], "still here");
        mesh.runFor(2_000);
        assertThat(p[1].deliveries()).extracting(MeshPeer.Delivery::payload).contains("still here");
    }
}
