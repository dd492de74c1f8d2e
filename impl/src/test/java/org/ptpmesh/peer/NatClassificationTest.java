package org.ptpmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptpmesh.scenario.Mesh;
import org.ptpmesh.scenario.MeshPeer;
import org.ptpmesh.scenario.NatKind;

/** Seed 001's NAT check finds the type each simulated NAT really has. */
class NatClassificationTest {

    @ParameterizedTest
    @EnumSource(NatKind.class)
    void classifiesEveryNatKind(NatKind kind) {
        Mesh mesh = new Mesh(7);
        MeshPeer p = mesh.addPeer("p", kind);
        mesh.runFor(3_000);
        assertThat(p.peer().nat()).as(kind.label()).isEqualTo(kind.expectedType());
        assertThat(p.peer().publicAddress()).isNotNull();
        assertThat(p.peer().publicAddress().address()).isEqualTo(kind == NatKind.NONE ? p.host().address()
                : p.nat().publicAddressOf(p.host()));
    }

    @ParameterizedTest
    @EnumSource(value = NatKind.class, names = {"NONE", "EASY", "HARD"})
    void classifyingOnceDoesNotKeepThePeerPinging(NatKind kind) {
        Mesh mesh = new Mesh(8);
        java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
        mesh.simulation().addTraceSink(e -> {
            if (e.node().equals("p") && e.event().equals("SendPing")) {
                pings.incrementAndGet();
            }
        });
        mesh.addPeer("p", kind);
        // Stops early if the pings run away, so a regression fails fast instead of hanging.
        mesh.simulation().runUntil(5 * 60_000, () -> pings.get() > 100);
        // start (2) + after classifying (2) + two introducers per keepalive period (10 periods)
        assertThat(pings.get()).isLessThanOrEqualTo(4 + 2 * 10 + 4);
    }
}
