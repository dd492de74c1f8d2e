package org.ptpmesh.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ptpmesh.client.ClientConfig;
import org.ptpmesh.client.MeshClient;
import org.ptpmesh.introducer.Introducer;
import org.ptpmesh.introducer.IntroducerConfig;
import org.ptpmesh.introducer.IntroducerLabels;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.net.DatagramTap;
import org.ptpmesh.net.LocalAddresses;
import org.ptpmesh.net.UdpRuntime;
import org.ptpmesh.node.Node;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.rendezvous.RendezvousListener;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.rendezvous.ServerConfig;
import org.ptpmesh.rendezvous.ServerSnapshot;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * ptpclient with --introducers on real sockets: two ptpservers on two loopback addresses, the
 * client registers with the first and classifies its NAT through both (none on loopback: the
 * TEST reaches the test port, so Static), then reports the type in its registrations.
 */
class ClassifyingClientOnLoopbackTest {

    private final List<UdpRuntime> runtimes = new ArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (UdpRuntime rt : runtimes) {
            rt.close();
        }
    }

    private void run(Node node, InetAddress bind) throws Exception {
        UdpRuntime rt = new UdpRuntime(node, bind, e -> { }, DatagramTap.NONE, errors::add, System::currentTimeMillis);
        rt.start();
        runtimes.add(rt);
    }

    private ServerNode server(InetAddress address, int port) throws Exception {
        IntroducerConfig ic = IntroducerConfig.builder("ptpserver", port).testSourcePort(LocalAddresses.freeUdpPort(address))
                .registrationMillis(60_000).maxRegistrations(1_000).relayQuota(100).build();
        ServerNode node = new ServerNode(new RendezvousServer(ServerConfig.defaults().withPort(port).withTimers(500, 5_000, 50),
                RendezvousListener.NONE, new Random(port + 1)), new Introducer(ic, PeerId.random(new Random(port)), 0,
                new Random(port + 2)), port);
        run(node, address);
        return node;
    }

    @Test
    void classifiesThroughTwoServersAndReportsTheType() throws Exception {
        InetAddress a = InetAddress.getByName("127.0.0.1");
        InetAddress b = InetAddress.getByName("127.0.0.2");
        int portA = LocalAddresses.freeUdpPort(a);
        int portB = LocalAddresses.freeUdpPort(b);
        ServerNode serverA = server(a, portA);
        server(b, portB);

        int clientPort = LocalAddresses.freeUdpPort(a);
        int natPort = LocalAddresses.freeUdpPort(a);
        int testPort = LocalAddresses.freeUdpPort(a);
        byte[] id = PeerId.random(new Random(9)).bytes();
        MeshClient client = new MeshClient(ClientConfig.of(new Endpoint(a, portA), clientPort, new Endpoint(a, clientPort), id)
                .withTimers(300, 500, 1_000));
        PeerConfig check = PeerConfig.defaults("natcheck", IntroducerLabels.of(new Endpoint(a, portA)),
                IntroducerLabels.of(new Endpoint(b, portB))).withPorts(natPort, testPort);
        Peer peer = new Peer(check, PeerId.of(id), 0, new Random(1), (from, payload, now) -> { });
        run(new ClassifyingClient(client, peer, natPort, testPort), InetAddress.getByName("0.0.0.0"));

        long deadline = System.currentTimeMillis() + 8_000;
        ServerSnapshot.Row row = null;
        while (System.currentTimeMillis() < deadline) {
            ServerSnapshot s = serverA.rendezvous().snapshot();
            row = s.rows().isEmpty() ? null : s.rows().get(0);
            if (row != null && row.nat() == NatType.STATIC.code()) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(row).as("the client registered").isNotNull();
        assertThat(row.nat()).as("NAT reported in REGISTER").isEqualTo(NatType.STATIC.code());
        assertThat(client.nat()).isEqualTo(NatType.STATIC.code());
        assertThat(serverA.introducer().registrations()).isEqualTo(1);
        assertThat(errors).isEmpty();
    }
}
