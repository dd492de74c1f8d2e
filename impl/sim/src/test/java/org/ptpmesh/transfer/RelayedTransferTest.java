package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptpmesh.compose.MeshTransferNode;
import org.ptpmesh.introducer.Introducer;
import org.ptpmesh.introducer.IntroducerConfig;
import org.ptpmesh.peer.Path;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.peer.PeerIdentity;
import org.ptpmesh.scenario.NatKind;
import org.ptpmesh.sim.Host;
import org.ptpmesh.sim.Simulation;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.transfer.TransferReport.Outcome;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/** Two peers behind Hard NATs, which cannot punch through to each other, transfer through introducer A's relay. */
class RelayedTransferTest {

    private static final int INTRODUCER_PORT = 3456;

    private final Simulation sim = new Simulation(31);
    private final List<TraceEvent> trace = new ArrayList<>();
    private final List<TransferReport> reports = new ArrayList<>();
    private final MemoryStore store = new MemoryStore();
    private PeerIdentity introducerA;
    private PeerIdentity introducerB;

    @Test
    void hardBehindHardTransfersThroughTheRelay() {
        sim.addTraceSink(trace::add);
        startIntroducers();
        MeshTransferNode a = startPeer("a", NatKind.LINUX_HARD);
        MeshTransferNode b = startPeer("b", NatKind.HARD);
        sim.runFor(3_000);
        Host hostA = sim.host("a");
        hostA.invoke(out -> a.connect(b.peer().id(), sim.now(), out));
        sim.runFor(15_000);
        assertThat(a.peer().pathTo(b.peer().id())).isEqualTo(Path.RELAY);

        byte[] data = TransferSimulationTest.object(150_000, 31);
        MemorySource source = new MemorySource(data);
        Route route = a.routeTo(b.peer().id(), null);
        assertThat(route).isInstanceOf(Route.Relayed.class);
        hostA.invoke(out -> a.offer("relayed.bin", source, source.sha256(), route, sim.now(), out));
        sim.runUntil(sim.now() + 60_000, () -> reports.size() >= 2);

        assertThat(reports).extracting(TransferReport::outcome).containsOnly(Outcome.COMPLETE).hasSize(2);
        assertThat(store.object("relayed.bin")).isEqualTo(data);
        assertThat(trace).filteredOn(e -> e.event().equals("Relay")).hasSizeGreaterThan(data.length / BlockSizes.RELAYED);
        assertThat(trace).filteredOn(e -> e.node().equals("a") && e.event().equals("SendOffer"))
                .extracting(e -> e.params().get("route").toString()).allMatch(r -> r.startsWith("relay"));
    }

    private void startIntroducers() {
        Host ha = sim.internet().addHost("introducer-a");
        Host hb = sim.internet().addHost("introducer-b");
        PeerId ia = PeerId.random(sim.random("ia"));
        PeerId ib = PeerId.random(sim.random("ib"));
        introducerA = new PeerIdentity(ia.bytes(), new Endpoint(ha.address(), INTRODUCER_PORT));
        introducerB = new PeerIdentity(ib.bytes(), new Endpoint(hb.address(), INTRODUCER_PORT));
        ha.start(new Introducer(IntroducerConfig.defaults("introducer-a", INTRODUCER_PORT), ia, 0, sim.random("cookies-a")));
        hb.start(new Introducer(IntroducerConfig.defaults("introducer-b", INTRODUCER_PORT), ib, 0, sim.random("cookies-b")));
    }

    private MeshTransferNode startPeer(String name, NatKind kind) {
        Host host = sim.addNat("nat-" + name, kind.model()).lan().addHost(name);
        PeerConfig config = PeerConfig.defaults(name, introducerA, introducerB);
        PeerId id = PeerId.random(sim.random("id:" + name));
        Peer peer = new Peer(config, id, 0, sim.random("peer:" + name), (from, payload, now) -> { });
        TransferEndpoint endpoint = new TransferEndpoint(TransferConfig.defaults(), id, name, store,
                TransferEndpoint.Catalog.NONE, reports::add, sim.random("xfer:" + name));
        MeshTransferNode node = new MeshTransferNode(peer, config, endpoint);
        host.start(node);
        return node;
    }
}
