package org.ptpmesh.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ptpmesh.introducer.Introducer;
import org.ptpmesh.introducer.IntroducerConfig;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.nat.Strategy;
import org.ptpmesh.net.LocalAddresses;
import org.ptpmesh.net.UdpRuntime;
import org.ptpmesh.node.Node;
import org.ptpmesh.peer.AttemptOutcome;
import org.ptpmesh.peer.AttemptResult;
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
 * Peers of the introducer design over IPv6 on real sockets: a ptpserver (rendezvous and
 * introducer on one port) and a second introducer, then two peers, on ::1 or on a dual-stack
 * {@code ::}. The peers classify, get introduced, and talk directly (the openers leaving with a
 * low IPv6 hop limit) or through the relay. Skipped where the machine has no IPv6 loopback.
 */
class PeersOnIpv6LoopbackTest {

    private static final InetAddress V4 = InetAddress.getLoopbackAddress();
    private final Runtimes runtimes = new Runtimes();
    private final List<Throwable> errors = runtimes.errors;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Random random = new Random(6);
    private InetAddress v6;
    private InetAddress any;

    @BeforeEach
    void ipv6() throws IOException {
        v6 = InetAddress.getByName("::1");
        any = InetAddress.getByName("::");
        try (DatagramChannel c = DatagramChannel.open()) {
            c.bind(new InetSocketAddress(v6, 0));
        } catch (IOException | UnsupportedOperationException e) {
            assumeTrue(false, "no IPv6 loopback on this machine: " + e.getMessage());
        }
    }

    @AfterEach
    void stop() {
        runtimes.close();
    }

    @Test
    void peersOnIpv6AreIntroducedAndTalkDirectly() throws Exception {
        Introducers intro = introducers(v6);
        Running[] peers = {peer("peer0", v6, intro.at(v6), false), peer("peer1", v6, intro.at(v6), false)};
        classified(peers);
        int registrations = Runtimes.ask(intro.server, now -> intro.node.introducer().registrations());
        assertThat(registrations).isEqualTo(2);

        PeerId target = peers[1].peer.id();
        send(peers[0], target, "hello");
        await("a direct path", () -> Runtimes.ask(peers[0].runtime, now -> peers[0].peer.pathTo(target)) == Path.DIRECT);
        send(peers[0], target, "direct");
        await("both messages", () -> received.size() == 2);
        assertThat(received).containsExactly("hello", "direct");
        for (Running p : peers) {
            // the openers went out with their low hop limit: a refused setsockopt counts a failure
            assertThat(p.runtime.stats().sendFailures()).as(p.peer.toString()).isZero();
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void relayOnlyPeersOnIpv6TalkThroughTheIntroducer() throws Exception {
        Introducers intro = introducers(v6);
        Running[] peers = {peer("peer0", v6, intro.at(v6), true), peer("peer1", v6, intro.at(v6), true)};
        classified(peers);
        PeerId target = peers[1].peer.id();
        send(peers[0], target, "one");
        send(peers[0], target, "two");
        await("both messages", () -> received.size() == 2);
        assertThat(received).containsExactly("one", "two");
        Path path = Runtimes.ask(peers[0].runtime, now -> peers[0].peer.pathTo(target));
        assertThat(path).isEqualTo(Path.RELAY);
        assertThat(errors).isEmpty();
    }

    @Test
    void anIpv4PeerAndAnIpv6PeerTalkThroughADualStackIntroducer() throws Exception {
        Introducers intro = introducers(any);
        Running[] peers = {peer("four", V4, intro.at(V4), false), peer("six", v6, intro.at(v6), false)};
        classified(peers);
        int registrations = Runtimes.ask(intro.server, now -> intro.node.introducer().registrations());
        assertThat(registrations).isEqualTo(2);
        PeerId target = peers[1].peer.id();
        send(peers[0], target, "across");
        send(peers[0], target, "families");
        await("both messages", () -> received.size() == 2);
        assertThat(received).containsExactly("across", "families");
        // no path between the families: the relay, dual-stack, is the only one
        Path path = Runtimes.ask(peers[0].runtime, now -> peers[0].peer.pathTo(target));
        assertThat(path).isEqualTo(Path.RELAY);
        // the introduction ended on the relay at once: no punch went toward the other family
        List<AttemptResult> results = Runtimes.ask(peers[0].runtime, now -> peers[0].peer.attemptResults());
        assertThat(results).extracting(AttemptResult::strategy, AttemptResult::outcome)
                .containsExactly(tuple(Strategy.RELAY, AttemptOutcome.RELAYED));
        for (Running p : peers) {
            assertThat(p.runtime.stats().sendFailures()).as(p.peer.toString()).isZero();
        }
        assertThat(errors).isEmpty();
    }

    /** A ptpserver and a second introducer bound on {@code bind}. */
    private Introducers introducers(InetAddress bind) throws Exception {
        IntroducerConfig a = introducerConfig("ptpserver", bind);
        PeerId idA = PeerId.random(random);
        ServerNode server = new ServerNode(new RendezvousServer(ServerConfig.defaults().withPort(a.port()), RendezvousListener.NONE,
                new Random(1)), new Introducer(a, idA, 0, new Random(2)), a.port());
        UdpRuntime serverRuntime = run(server, bind);
        IntroducerConfig b = introducerConfig("second", bind);
        PeerId idB = PeerId.random(random);
        run(new Introducer(b, idB, 0, new Random(3)), bind);
        return new Introducers(server, serverRuntime, idA, a.port(), idB, b.port());
    }

    private record Introducers(ServerNode node, UdpRuntime server, PeerId idA, int portA, PeerId idB, int portB) {
        /** The two introducers as a peer on {@code address}'s family reaches them. */
        PeerIdentity[] at(InetAddress address) {
            return new PeerIdentity[] {new PeerIdentity(idA.bytes(), new Endpoint(address, portA)),
                new PeerIdentity(idB.bytes(), new Endpoint(address, portB))};
        }
    }

    private record Running(Peer peer, UdpRuntime runtime) {
    }

    private Running peer(String name, InetAddress local, PeerIdentity[] introducers, boolean relayOnly) throws Exception {
        PeerConfig config = PeerConfig.defaults(name, introducers[0], introducers[1])
                .withPorts(LocalAddresses.freeUdpPort(local), LocalAddresses.freeUdpPort(local)).withRelayOnly(relayOnly);
        Peer peer = new Peer(config, PeerId.random(random), System.currentTimeMillis(), new Random(name.hashCode()),
                (from, payload, now) -> received.add(new String(payload, StandardCharsets.UTF_8)));
        return new Running(peer, run(peer, local));
    }

    private void classified(Running[] peers) throws Exception {
        for (Running p : peers) {
            await(p.peer + " classified", () -> Runtimes.ask(p.runtime, now -> p.peer.nat()) == NatType.STATIC);
        }
    }

    private static void send(Running from, PeerId to, String text) {
        from.runtime.execute((now, out) -> from.peer.send(to, text.getBytes(StandardCharsets.UTF_8), now, out));
    }

    private IntroducerConfig introducerConfig(String name, InetAddress bind) {
        int port = LocalAddresses.freeUdpPort(bind);
        int testSource = LocalAddresses.freeUdpPort(bind);
        while (testSource == port) { // the kernel may hand out a just-freed port again
            testSource = LocalAddresses.freeUdpPort(bind);
        }
        return IntroducerConfig.builder(name, port).testSourcePort(testSource).registrationMillis(60_000).maxRegistrations(1_000)
                .relayQuota(100).build();
    }

    private UdpRuntime run(Node node, InetAddress bind) {
        return runtimes.run(node, bind);
    }

    /** Every wait of these tests allows 8 s. */
    private static void await(String what, Runtimes.Check check) throws Exception {
        Runtimes.await(what, 8_000, check);
    }
}
