package org.ptpmesh.dualstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ptpmesh.compose.Runtimes;
import org.ptpmesh.introducer.Introducer;
import org.ptpmesh.introducer.IntroducerConfig;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.net.AddressFamily;
import org.ptpmesh.net.LocalAddresses;
import org.ptpmesh.net.UdpRuntime;
import org.ptpmesh.peer.Path;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.peer.PeerIdentity;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * Two dual-stack peers on real sockets: two dual-stack introducers and the peers all bind
 * {@code ::} (one dual-stack socket per port); each peer's IPv4 half registers with the
 * introducers at 127.0.0.1, its IPv6 half at ::1, under one id. Both halves connect directly, and
 * on loopback the RTTs tie: data goes on IPv6. Skipped where the machine has no IPv6.
 */
class DualStackPeersOnLoopbackTest {

    /** Short keepalives, so both direct paths have an RTT within the test's wait. */
    private static final long KEEPALIVE_MILLIS = 1_000;

    private final Runtimes runtimes = new Runtimes();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Random random = new Random(21);

    @AfterEach
    void stop() {
        runtimes.close();
    }

    @Test
    void twoDualStackPeersConnectInBothFamiliesAndSendOnIpv6() throws Exception {
        assumeTrue(AddressFamily.ipv6Available(), "no IPv6 on this machine");
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        InetAddress v6 = InetAddress.getByName("::1");
        InetAddress any = InetAddress.getByName("::");
        RunningIntroducer[] introducers = {introducer("a", any), introducer("b", any)};
        PeerIdentity[] four = {at(introducers[0], v4), at(introducers[1], v4)};
        PeerIdentity[] six = {at(introducers[0], v6), at(introducers[1], v6)};
        DualStackPeer[] peers = new DualStackPeer[2];
        UdpRuntime[] loops = new UdpRuntime[2];
        for (int i = 0; i < 2; i++) {
            peers[i] = new DualStackPeer("dual" + i, config("dual" + i + "-v4", four, any), config("dual" + i + "-v6", six, any),
                    PeerId.random(random), System.currentTimeMillis(), new Random(i),
                    (from, payload, now) -> received.add(new String(payload, StandardCharsets.UTF_8)));
            loops[i] = runtimes.run(peers[i], any);
        }
        for (int i = 0; i < 2; i++) {
            DualStackPeer p = peers[i];
            UdpRuntime loop = loops[i];
            Runtimes.await(p.id().shortName() + " classified in both families", 8_000, () -> Runtimes.ask(loop, now ->
                    p.peer(Family.IPV4).nat() == NatType.STATIC && p.peer(Family.IPV6).nat() == NatType.STATIC));
        }
        PeerId target = peers[1].id();
        send(loops[0], peers[0], target, "first");
        for (Family family : Family.values()) {
            Runtimes.await(family + " direct with an RTT", 10_000, () -> Runtimes.ask(loops[0], now ->
                    peers[0].peer(family).pathTo(target) == Path.DIRECT && peers[0].peer(family).directRttTo(target) >= 0));
        }
        send(loops[0], peers[0], target, "second");
        Runtimes.await("both messages", 8_000, () -> received.size() == 2);

        assertThat(received).containsExactly("first", "second");
        // one introducer keeps both halves of each peer: one registration per family
        int registrations = Runtimes.ask(introducers[0].loop, now -> introducers[0].node.registrations());
        assertThat(registrations).isEqualTo(4);
        Family family = Runtimes.ask(loops[0], now -> peers[0].familyTo(target));
        assertThat(family).isEqualTo(Family.IPV6);
        Path path = Runtimes.ask(loops[0], now -> peers[0].pathTo(target));
        assertThat(path).isEqualTo(Path.DIRECT);
        // the IPv4 half's direct path is to 127.0.0.1, the IPv6 half's to ::1: two families, not one twice
        for (UdpRuntime loop : loops) {
            assertThat(loop.stats().sendFailures()).isZero();
        }
        assertThat(runtimes.errors).isEmpty();
    }

    private PeerConfig config(String name, PeerIdentity[] introducers, InetAddress bind) {
        int port = LocalAddresses.freeUdpPort(bind);
        int test = LocalAddresses.freeUdpPort(bind);
        while (test == port) {
            test = LocalAddresses.freeUdpPort(bind);
        }
        return PeerConfig.defaults(name, introducers[0], introducers[1]).withPorts(port, test).toBuilder()
                .keepAliveMillis(KEEPALIVE_MILLIS).build();
    }

    private record RunningIntroducer(Introducer node, UdpRuntime loop, PeerId id, int port) {
    }

    /** The introducer as the peers of {@code address}'s family reach it. */
    private static PeerIdentity at(RunningIntroducer introducer, InetAddress address) {
        return new PeerIdentity(introducer.id.bytes(), new Endpoint(address, introducer.port));
    }

    /** An introducer on {@code bind}. */
    private RunningIntroducer introducer(String name, InetAddress bind) {
        int port = LocalAddresses.freeUdpPort(bind);
        int testSource = LocalAddresses.freeUdpPort(bind);
        while (testSource == port) {
            testSource = LocalAddresses.freeUdpPort(bind);
        }
        IntroducerConfig config = IntroducerConfig.builder(name, port).testSourcePort(testSource).registrationMillis(60_000)
                .maxRegistrations(100).relayQuota(100).build();
        PeerId id = PeerId.random(random);
        Introducer node = new Introducer(config, id, 0, new Random(name.hashCode()));
        return new RunningIntroducer(node, runtimes.run(node, bind), id, port);
    }

    private static void send(UdpRuntime loop, DualStackPeer from, PeerId to, String text) {
        loop.execute((now, out) -> from.send(to, text.getBytes(StandardCharsets.UTF_8), now, out));
    }
}
