package org.ptpmesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.portmap.MappingReply;
import org.ptpmesh.portmap.PcpMessages;
import org.ptpmesh.sim.nat.NatModel;
import org.ptpmesh.sim.nat.NatModel.PortMapService;
import org.ptpmesh.wire.Endpoint;

/** A router with a port-mapping service on the simulated network: asked over its LAN, forwarding from the internet. */
class PortMapRouterTest {

    private static final int PORT = 3456;
    private static final byte[] NONCE = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    /** Binds {@link #PORT} and keeps what arrives. */
    private static final class Inbox implements Node {
        final List<Endpoint> from = new ArrayList<>();
        final List<byte[]> data = new ArrayList<>();

        @Override
        public void start(long now, Effects out) {
            out.bind(PORT);
        }

        @Override
        public void onDatagram(int localPort, Endpoint sender, byte[] payload, long now, Effects out) {
            from.add(sender);
            data.add(payload);
        }

        @Override
        public void onTimer(TimerKey key, long now, Effects out) {
        }
    }

    @Test
    void theRouterAnswersOnItsLanAddressAndForwardsTheGrantedPortFromAnyone() {
        Simulation sim = new Simulation(4);
        NatRouter nat = sim.addNat("home", NatModel.linuxMasqueradeFullyRandom().withPortMapService(PortMapService.GRANTS));
        Host host = nat.lan().addHost("host");
        Host stranger = sim.internet().addHost("stranger");
        Inbox inside = new Inbox();
        Inbox outside = new Inbox();
        host.start(inside);
        stranger.start(outside);
        host.invoke(out -> out.send(PORT, nat.portMapGateway(), PcpMessages.mapRequest(host.address(), NONCE, PORT, PORT, 600)));
        sim.runFor(10);

        assertThat(nat.portMapGateway()).isEqualTo(new Endpoint(nat.lan().routerAddress(), 5351));
        assertThat(inside.from).containsExactly(nat.portMapGateway());
        assertThat(PcpMessages.decode(inside.data.get(0), NONCE))
                .isEqualTo(new MappingReply.Granted(PORT, PORT, 600, nat.publicAddress()));
        assertThat(sim.now()).as("one LAN hop each way").isGreaterThanOrEqualTo(2);

        stranger.invoke(out -> out.send(PORT, new Endpoint(nat.publicAddress(), PORT), new byte[] {42}));
        sim.runFor(100);
        assertThat(inside.data).hasSize(2);
        assertThat(inside.from.get(1)).isEqualTo(stranger.endpoint(PORT));
        host.invoke(out -> out.send(PORT, stranger.endpoint(PORT), new byte[] {43}));
        sim.runFor(100);
        assertThat(outside.from).as("the answer leaves by the forwarded port").containsExactly(new Endpoint(nat.publicAddress(), PORT));

        NetworkStats stats = sim.stats();
        assertThat(stats.sent() + stats.duplicated()).isEqualTo(stats.delivered() + stats.droppedTotal() + stats.inFlight());
        assertThat(stats.droppedTotal()).isZero();
    }

    @Test
    void aRouterWithoutTheServiceLeavesTheRequestUnanswered() {
        Simulation sim = new Simulation(4);
        NatRouter nat = sim.addNat("home", NatModel.linuxMasqueradeFullyRandom());
        Host host = nat.lan().addHost("host");
        Inbox inside = new Inbox();
        host.start(inside);
        host.invoke(out -> out.send(PORT, nat.portMapGateway(), PcpMessages.mapRequest(host.address(), NONCE, PORT, PORT, 600)));
        sim.runFor(100);
        assertThat(inside.data).isEmpty();
        assertThat(nat.forwards()).isEmpty();
        assertThat(sim.stats().dropped(NetworkDropReason.NO_ROUTE)).isEqualTo(1);
    }
}
