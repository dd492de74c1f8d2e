package org.ptpmesh.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ptpmesh.introducer.Introducer;
import org.ptpmesh.introducer.IntroducerConfig;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.net.LocalAddresses;
import org.ptpmesh.net.UdpRuntime;
import org.ptpmesh.node.Node;
import org.ptpmesh.peer.Path;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.peer.PeerIdentity;
import org.ptpmesh.rendezvous.RendezvousListener;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.rendezvous.ServerConfig;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * One ptpserver process (rendezvous and introducer on one port) plus a second introducer, and
 * two peers of the introducer design, all on real UDP sockets on 127.0.0.1: the peers classify
 * their NAT (none here: Static), get introduced, confirm a direct path and exchange application
 * messages.
 */
class ServerNodeOnLoopbackTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final Runtimes runtimes = new Runtimes();
    private final List<Throwable> errors = runtimes.errors;
    private final Random random = new Random(5);

    @AfterEach
    void stop() {
        runtimes.close();
    }

    private UdpRuntime run(Node node) {
        return runtimes.run(node, LOOPBACK);
    }

    private IntroducerConfig introducerConfig(String name) {
        int port = LocalAddresses.freeUdpPort(LOOPBACK);
        int testSource = LocalAddresses.freeUdpPort(LOOPBACK);
        while (testSource == port) { // the kernel may hand out a just-freed port again
            testSource = LocalAddresses.freeUdpPort(LOOPBACK);
        }
        return IntroducerConfig.builder(name, port).testSourcePort(testSource).registrationMillis(60_000).maxRegistrations(1_000)
                .relayQuota(100).build();
    }

    @Test
    void peersAreIntroducedByPtpserverAndTalkDirectly() throws Exception {
        IntroducerConfig a = introducerConfig("ptpserver");
        PeerId idA = PeerId.random(random);
        ServerNode server = new ServerNode(new RendezvousServer(ServerConfig.defaults().withPort(a.port()), RendezvousListener.NONE,
                new Random(1)), new Introducer(a, idA, 0, new Random(2)), a.port());
        UdpRuntime serverRuntime = run(server);
        IntroducerConfig b = introducerConfig("second");
        PeerId idB = PeerId.random(random);
        run(new Introducer(b, idB, 0, new Random(3)));
        PeerIdentity introA = new PeerIdentity(idA.bytes(), new Endpoint(LOOPBACK, a.port()));
        PeerIdentity introB = new PeerIdentity(idB.bytes(), new Endpoint(LOOPBACK, b.port()));

        List<String> received = new CopyOnWriteArrayList<>();
        Peer[] peers = new Peer[2];
        UdpRuntime[] rts = new UdpRuntime[2];
        for (int i = 0; i < 2; i++) {
            PeerConfig config = PeerConfig.defaults("peer" + i, introA, introB)
                    .withPorts(LocalAddresses.freeUdpPort(LOOPBACK), LocalAddresses.freeUdpPort(LOOPBACK));
            peers[i] = new Peer(config, PeerId.random(random), System.currentTimeMillis(), new Random(i),
                    (from, payload, now) -> received.add(new String(payload, StandardCharsets.UTF_8)));
            rts[i] = run(peers[i]);
        }
        for (int i = 0; i < 2; i++) {
            Peer p = peers[i];
            Runtimes.await("peer" + i + " classified", 5_000, () -> Runtimes.ask(rts[p == peers[0] ? 0 : 1], now -> p.nat()) == NatType.STATIC);
        }
        // Read on the server's own event loop: its registration table is not for other threads.
        int registrations = Runtimes.ask(serverRuntime, now -> server.introducer().registrations());
        assertThat(registrations).isEqualTo(2);

        PeerId target = peers[1].id();
        rts[0].execute((now, out) -> peers[0].send(target, "hello".getBytes(StandardCharsets.UTF_8), now, out));
        Runtimes.await("a direct path", 5_000, () -> Runtimes.ask(rts[0], now -> peers[0].pathTo(target)) == Path.DIRECT);
        rts[0].execute((now, out) -> peers[0].send(target, "direct".getBytes(StandardCharsets.UTF_8), now, out));
        Runtimes.await("both messages", 5_000, () -> received.size() == 2);
        assertThat(received).containsExactly("hello", "direct");
        // The rendezvous side still serves ptptest clients and counted no introducer traffic as refused.
        assertThat(server.rendezvous().drops().snapshot()).doesNotContainKey("unexpected_kind");
        assertThat(errors).isEmpty();
    }
}
