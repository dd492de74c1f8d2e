package org.ptpmesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptpmesh.sim.nat.NatModel;
import org.ptpmesh.wire.Endpoint;

/** Sleep and wake, moving to another NAT, restarting the node. */
class HostLifecycleTest {

    private static final int PORT = 4000;

    @Test
    void timersDueDuringSleepFireOnWakeInOrderSoTheNodeSeesTheGap() {
        Simulation sim = new Simulation(61);
        Host host = sim.internet().addHost("sleeper");
        TickerNode ticker = new TickerNode(1_000);
        host.start(ticker);
        sim.at(2_500, host::sleep);
        sim.at(12_500, host::wake);

        sim.runFor(14_000);

        assertThat(ticker.firedAt).containsExactly(1_000L, 2_000L, 12_500L, 13_500L);
    }

    @Test
    void aSleepingHostReceivesNothingAndItsMappingsAge() {
        Simulation sim = new Simulation(62);
        NatRouter nat = sim.addNat("nat", NatModel.easy());
        Host server = sim.internet().addHost("server");
        Host laptop = nat.lan().addHost("laptop");
        RecordingNode inside = new RecordingNode(PORT).send(0, PORT, server.endpoint(PORT), "hello");
        laptop.start(inside);
        Endpoint mapped = new Endpoint(nat.publicAddress(), PORT);
        server.start(new RecordingNode(PORT)
                .send(1_000, PORT, mapped, "while asleep")
                .send(50_000, PORT, mapped, "after wake, mapping gone")
                .send(50_000, PORT, laptop.endpoint(PORT), "after wake, lan address"));
        sim.at(500, laptop::sleep);
        sim.at(40_000, laptop::wake);

        sim.runFor(60_000);

        assertThat(inside.texts()).isEmpty();
        assertThat(sim.stats().dropped(NetworkDropReason.SLEEPING)).isEqualTo(1);
        assertThat(sim.stats().dropped(NetworkDropReason.NAT_FILTER)).isEqualTo(1);
        assertThat(sim.stats().dropped(NetworkDropReason.NO_ROUTE)).isEqualTo(1);
    }

    @Test
    void movingBehindAnotherNatChangesTheAddressesTheNodeIsToldAndThePublicEndpoint() {
        Simulation sim = new Simulation(63);
        NatRouter home = sim.addNat("home", NatModel.easy());
        NatRouter office = sim.addNat("office", NatModel.easy());
        Host server = sim.internet().addHost("server");
        RecordingNode reflector = RecordingNode.reflector(PORT);
        server.start(reflector);
        Host laptop = home.lan().addHost("laptop");
        RecordingNode node = new RecordingNode(PORT)
                .send(0, PORT, server.endpoint(PORT), "from home")
                .send(10_000, PORT, server.endpoint(PORT), "from the office");
        laptop.start(node);
        List<java.net.InetAddress> homeAddresses = laptop.addresses();
        sim.at(5_000, () -> laptop.moveTo(office.lan()));
        Endpoint oldPublic = new Endpoint(home.publicAddress(), PORT);
        // the home NAT still maps the server to the old LAN address, where nobody is any more
        reflector.send(6_000, PORT, () -> oldPublic, "to the old address", 0);

        sim.runFor(20_000);

        assertThat(node.addressChanges).hasSize(2);
        assertThat(node.addressChanges.get(0)).isEqualTo(homeAddresses);
        assertThat(node.addressChanges.get(1)).singleElement()
                .satisfies(address -> assertThat(office.lan().subnet().contains(address)).isTrue());
        assertThat(node.texts()).containsExactly(
                new Endpoint(home.publicAddress(), PORT).toString(),
                new Endpoint(office.publicAddress(), PORT).toString());
        assertThat(sim.stats().dropped(NetworkDropReason.NO_ROUTE)).isEqualTo(1);
    }

    @Test
    void aMultiHomedHostSendsFromTheInterfaceOnTheDestinationsNetwork() {
        Simulation sim = new Simulation(64);
        NatRouter nat = sim.addNat("nat", NatModel.fullCone());
        Host neighbour = nat.lan().addHost("neighbour");
        Host far = sim.internet().addHost("far");
        Host gateway = sim.internet().addHost("gateway");
        gateway.addInterface(nat.lan());
        RecordingNode nearSink = new RecordingNode(PORT);
        RecordingNode farSink = new RecordingNode(PORT);
        neighbour.start(nearSink);
        far.start(farSink);
        RecordingNode node = new RecordingNode(PORT)
                .send(0, PORT, neighbour.endpoint(PORT), "lan")
                .send(0, PORT, far.endpoint(PORT), "internet");
        gateway.start(node);

        sim.runFor(1_000);

        assertThat(gateway.addresses()).hasSize(2);
        assertThat(nearSink.senders()).containsExactly(new Endpoint(gateway.addresses().get(1), PORT));
        assertThat(farSink.senders()).containsExactly(new Endpoint(gateway.address(), PORT));
        assertThat(node.addressChanges).containsExactly(gateway.addresses());
    }

    @Test
    void aDualStackHostSendsFromTheInterfaceItsSourcePortIsRoutedBy() {
        Simulation sim = new Simulation(65);
        NatRouter nat = sim.addNat("nat", NatModel.fullCone());
        NatRouter firewall = sim.addNat("fw", NatModel.statefulFirewall());
        Host far = sim.internet().addHost("far");
        Host dual = nat.lan().addHost("dual");
        int secondPort = PORT + 2;
        dual.addInterface(firewall.lan(), port -> port == secondPort);
        RecordingNode farSink = new RecordingNode(PORT);
        far.start(farSink);
        RecordingNode node = new RecordingNode(PORT, secondPort)
                .send(0, PORT, far.endpoint(PORT), "first family")
                .send(0, secondPort, far.endpoint(PORT), "second family");
        dual.start(node);

        sim.runFor(1_000);

        // the first leaves by the default route, translated by the NAT; the second by the
        // firewall, which translates nothing: its source is the host's own second address
        assertThat(farSink.senders()).extracting(Endpoint::address).containsExactly(nat.publicAddress(), dual.addresses().get(1));
        assertThat(farSink.senders().get(1).port()).isEqualTo(secondPort);
    }

    @Test
    void aRestartForgetsPortsAndTimersOfTheOldNode() {
        Simulation sim = new Simulation(65);
        Host host = sim.internet().addHost("host");
        Host client = sim.internet().addHost("client");
        TickerNode old = new TickerNode(1_000);
        host.start(old);
        RecordingNode replacement = new RecordingNode(PORT + 1);
        sim.at(2_500, () -> host.restart(replacement));
        client.start(new RecordingNode(PORT)
                .send(3_000, PORT, host.endpoint(PORT + 1), "to the new node"));

        sim.runFor(10_000);

        assertThat(old.firedAt).containsExactly(1_000L, 2_000L);
        assertThat(replacement.texts()).containsExactly("to the new node");
        assertThat(host.node()).isSameAs(replacement);
    }

    @Test
    void aRestartWakesASleepingHostAndDropsItsHeldTimers() {
        Simulation sim = new Simulation(66);
        Host host = sim.internet().addHost("host");
        TickerNode old = new TickerNode(1_000);
        TickerNode fresh = new TickerNode(1_000);
        host.start(old);
        sim.at(1_500, host::sleep);
        sim.at(5_000, () -> host.restart(fresh));

        sim.runFor(7_000);

        assertThat(host.isSleeping()).isFalse();
        assertThat(old.firedAt).containsExactly(1_000L);
        assertThat(fresh.firedAt).containsExactly(6_000L, 7_000L);
    }
}
