package org.ptpmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptpmesh.scenario.Mesh;
import org.ptpmesh.scenario.MeshPeer;
import org.ptpmesh.scenario.NatKind;
import org.ptpmesh.sim.SeedInFailure;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.Endpoint;

/** The introducer design's NAT check finds the type each simulated NAT really has. */
@ExtendWith(SeedInFailure.class)
class NatClassificationTest {

    @ParameterizedTest(name = "{0} (seed 7)")
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

    @ParameterizedTest(name = "{0} (seed 8)")
    @EnumSource(value = NatKind.class, names = {"NONE", "EASY", "HARD"})
    void classifyingOnceDoesNotKeepThePeerPinging(NatKind kind) {
        Mesh mesh = new Mesh(8);
        java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
        mesh.simulation().addTraceSink(e -> {
            // every ping to an introducer: the NAT check's, the report of the type, keepalives and their retries
            if (e.node().equals("p") && java.util.Set.of("SendPing", "ReportNat", "SendKeepalive", "RetryKeepalive")
                    .contains(e.event())) {
                pings.incrementAndGet();
            }
        });
        mesh.addPeer("p", kind);
        // Stops early if the pings run away, so a regression fails fast instead of hanging.
        mesh.simulation().runUntil(5 * 60_000, () -> pings.get() > 100);
        // start (2) + after classifying (2) + two introducers per keepalive period (10 periods)
        assertThat(pings.get()).isLessThanOrEqualTo(4 + 2 * 10 + 4);
    }

    /**
     * A keepalive period longer than the NAT's 30 s mapping timeout: each keepalive ping to an
     * introducer leaves through a new mapping. Behind a Hard NAT that is a new random port, so the
     * pong contradicts what the check found, the NAT type is unknown again and the check runs
     * again; behind an Easy NAT the port is kept and nothing is re-run.
     */
    @ParameterizedTest(name = "{0} (seed 9)")
    @EnumSource(value = NatKind.class, names = {"HARD", "EASY"})
    void aPongThatContradictsTheCheckMakesTheNatUnknownAndRunsItAgain(NatKind kind) {
        Mesh mesh = new Mesh(9, c -> c.withKeepAlive(60_000));
        List<TraceEvent> checks = new ArrayList<>();
        mesh.simulation().addTraceSink(e -> {
            if (e.node().equals("p") && e.event().equals("CalculateNat")) {
                checks.add(e);
            }
        });
        MeshPeer p = mesh.addPeer("p", kind);
        mesh.runFor(3_000);
        Endpoint first = p.peer().publicAddress();
        assertThat(p.peer().nat()).isEqualTo(kind.expectedType());
        mesh.runFor(65_000);
        List<Object> reasons = checks.stream().map(e -> e.params().get("reason")).toList();
        if (kind == NatKind.HARD) {
            assertThat(reasons).containsExactly("start", "nat unknown");
            assertThat(p.peer().publicAddress()).isNotEqualTo(first);
        } else {
            assertThat(reasons).containsExactly("start");
            assertThat(p.peer().publicAddress()).isEqualTo(first);
        }
        assertThat(p.peer().nat()).isEqualTo(kind.expectedType());
    }
}
