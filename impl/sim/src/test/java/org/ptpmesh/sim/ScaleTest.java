package org.ptpmesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptpmesh.sim.nat.NatModel;
import org.ptpmesh.wire.Endpoint;

/**
 * The size the protocol's simulations must handle: 100 peers behind 50 NATs of five kinds, two
 * introducers, ten simulated minutes of registration and keepalive traffic. It prints the wall
 * time but does not assert it (a loaded build machine would make that flaky): the 10 s target is
 * a benchmark, measured with {@code ptpmesh sim swarm} as docs/performance.md records.
 */
class ScaleTest {

    private static final int PEERS = 100;
    private static final long TEN_MINUTES = 600_000;
    private static final List<NatModel> KINDS = List.of(NatModel.fullCone(), NatModel.addressRestrictedCone(),
            NatModel.easy(), NatModel.linuxMasquerade(), NatModel.oneToOne());

    @Test
    void hundredPeersForTenSimulatedMinutesKeepTheirPathsAlive() {
        Simulation sim = new Simulation(2024);
        sim.setDefaultUplink(LinkProfile.ofLatency(10).withJitter(20).withLoss(0.01));
        Host introducerA = sim.internet().addHost("introducer-a");
        Host introducerB = sim.internet().addHost("introducer-b");
        List<Endpoint> introducers = List.of(introducerA.endpoint(3456), introducerB.endpoint(3456));
        List<Host> hosts = new ArrayList<>();
        List<Endpoint> publicEndpoints = new ArrayList<>();
        for (int i = 0; i < PEERS / 2; i++) {
            NatRouter nat = sim.addNat("nat-" + i, KINDS.get(i % KINDS.size()));
            for (int j = 0; j < 2; j++) {
                Host host = nat.lan().addHost("peer-" + i + "-" + j);
                hosts.add(host);
                // distinct inside ports, so both keep their port and the introducer's view is predictable
                publicEndpoints.add(new Endpoint(nat.publicAddressOf(host), 3456 + j));
            }
        }
        introducerA.start(new MeshNode(3456, List.of(), List.of(), sim.random("introducer-a")));
        introducerB.start(new MeshNode(3456, List.of(), List.of(), sim.random("introducer-b")));
        List<MeshNode> peers = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            List<Endpoint> others = new ArrayList<>(publicEndpoints);
            others.remove(i);
            MeshNode peer = new MeshNode(publicEndpoints.get(i).port(), introducers, others, sim.random("peer-" + i));
            peers.add(peer);
            hosts.get(i).start(peer);
        }

        long started = System.nanoTime();
        sim.runFor(TEN_MINUTES);
        double seconds = (System.nanoTime() - started) / 1e9;

        NetworkStats stats = sim.stats();
        System.out.printf("scale: %d events, %d datagrams sent, %.2f s wall, %.0f events/s; %s%n",
                sim.eventsProcessed(), stats.sent(), seconds, sim.eventsProcessed() / seconds, stats);
        assertThat(stats.sent()).as("seed %d", sim.seed()).isGreaterThan(200_000);
        // keepalives get through once both sides of a pair have pinged each other
        assertThat(peers).allMatch(p -> p.pongs > 0);
        assertThat(stats.delivered()).isGreaterThan(stats.sent() / 2);
    }
}
