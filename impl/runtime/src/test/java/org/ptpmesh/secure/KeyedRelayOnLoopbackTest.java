package org.ptpmesh.secure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ptpmesh.introducer.Introducer;
import org.ptpmesh.introducer.IntroducerConfig;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.net.LocalAddresses;
import org.ptpmesh.net.UdpRuntime;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.DropCounters;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.ForwardingEffects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.noise.DhKeyPair;
import org.ptpmesh.noise.NoiseLimits;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.peer.PeerIdentity;
import org.ptpmesh.wire.Checksum;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * Two keyed relay-only peers and two keyed introducers on 127.0.0.1, each on its own real UDP
 * runtime, introducer A a relay that alters the first sealed payloads it relays and replays one
 * (docs/protocol.md 6.9, "Relayed sessions"). Measured: the receiver drops each altered and
 * replayed datagram (seal_open_failed, replayed), and every message arrives once, in order, once
 * the relay behaves.
 */
class KeyedRelayOnLoopbackTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int ALTERED = 3;
    private static final int MESSAGES = 20;

    private final SecureRandom random = new SecureRandom();
    private final List<UdpRuntime> runtimes = new ArrayList<>();

    /**
     * An introducer whose relay misbehaves toward {@link #victim}: in the first {@link #ALTERED}
     * RELAYEDs carrying a SEALED it flips a bit of the seal (the checksum made right again), and
     * the next it sends twice. Runs on its runtime's thread; the test reads the counts.
     */
    private static final class AlteringRelay implements Node {

        final Introducer introducer;
        final AtomicInteger altered = new AtomicInteger();
        final AtomicInteger replayed = new AtomicInteger();
        volatile Endpoint victim;
        private final DecodedDatagram decoder = new DecodedDatagram();
        private final Altering altering = new Altering();

        /** The introducer's effects, its RELAYEDs to the victim altered as above. */
        private final class Altering extends ForwardingEffects {

            Effects to(Effects driverEffects) {
                forwardTo(driverEffects);
                return this;
            }

            @Override
            public void send(int localPort, Endpoint to, byte[] payload, int ttl) {
                if (!to.equals(victim) || !carriesSealed(payload)) {
                    out().send(localPort, to, payload, ttl);
                } else if (altered.get() < ALTERED) {
                    altered.incrementAndGet();
                    out().send(localPort, to, alteredSeal(payload), ttl);
                } else if (replayed.getAndIncrement() == 0) {
                    out().send(localPort, to, payload, ttl);
                    out().send(localPort, to, payload, ttl);
                } else {
                    out().send(localPort, to, payload, ttl);
                }
            }
        }

        AlteringRelay(Introducer introducer) {
            this.introducer = introducer;
        }

        private boolean carriesSealed(byte[] datagram) {
            decoder.decode(datagram);
            if (decoder.kindCode() != MessageKind.RELAYED.code()) {
                return false;
            }
            byte[] payload = SecureDatagrams.joined(decoder.view(), TlvTypes.PAYLOAD);
            return new DecodedDatagram().decode(payload).kindCode() == MessageKind.SEALED.code();
        }

        /** The RELAYED with a bit of its sealed payload's tag flipped, both checksums made right. */
        private byte[] alteredSeal(byte[] relayed) {
            decoder.decode(relayed);
            byte[] sealed = SecureDatagrams.joined(decoder.view(), TlvTypes.PAYLOAD);
            sealed[sealed.length - 5] ^= 1;
            rechecksum(sealed);
            PeerId self = PeerId.of(decoder.view().value(decoder.view().indexOf(TlvTypes.UUID)));
            PeerId from = PeerId.of(decoder.view().value(decoder.view().indexOf(TlvTypes.FROMID)));
            return Messages.relayed(self, from, sealed);
        }

        private static void rechecksum(byte[] datagram) {
            int sum = Checksum.compute(datagram, 0, datagram.length - 2);
            datagram[datagram.length - 2] = (byte) (sum >>> 8);
            datagram[datagram.length - 1] = (byte) sum;
        }

        @Override
        public void start(long now, Effects out) {
            introducer.start(now, altering.to(out));
        }

        @Override
        public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
            introducer.onDatagram(localPort, from, data, now, altering.to(out));
        }

        @Override
        public void onMessage(int localPort, Endpoint from, DecodedDatagram datagram, long now, Effects out) {
            introducer.onMessage(localPort, from, datagram, now, altering.to(out));
        }

        @Override
        public void onTimer(TimerKey key, long now, Effects out) {
            introducer.onTimer(key, now, altering.to(out));
        }
    }

    /** A keyed peer on its runtime, and what it received. */
    private record RunningPeer(Peer peer, SecureNode secure, int localPort, UdpRuntime runtime, List<String> received) {
    }

    @AfterEach
    void stop() {
        runtimes.forEach(UdpRuntime::close);
    }

    @Test
    void aRelayAlteringOrReplayingSealedPayloadsIsDroppedAndEveryMessageArrivesOnceItBehaves() throws Exception {
        Identity introducerKeyA = identity();
        Identity introducerKeyB = identity();
        PeerIdentity introducerA = new PeerIdentity(introducerKeyA.peerId().bytes(), new Endpoint(LOOPBACK, LocalAddresses.freeUdpPort(LOOPBACK)));
        PeerIdentity introducerB = new PeerIdentity(introducerKeyB.peerId().bytes(), new Endpoint(LOOPBACK, LocalAddresses.freeUdpPort(LOOPBACK)));
        AlteringRelay relay = new AlteringRelay(introducer(introducerA, introducerKeyA));
        run(new SecureNode(relay, SecureConfig.server(introducerKeyA, KeyLog.NONE, "introducer-a"), this::privateKey, random));
        run(new SecureNode(introducer(introducerB, introducerKeyB), SecureConfig.server(introducerKeyB, KeyLog.NONE, "introducer-b"),
                this::privateKey, random));
        IntroducerTrust pinned = pinned(introducerA, introducerKeyA, introducerB, introducerKeyB);
        RunningPeer a = peer("a", introducerA, introducerB, pinned);
        RunningPeer b = peer("b", introducerA, introducerB, pinned);
        relay.victim = new Endpoint(LOOPBACK, b.localPort());
        Thread.sleep(1_500);

        for (int i = 1; i <= MESSAGES; i++) {
            byte[] message = ("m" + i).getBytes(StandardCharsets.UTF_8);
            a.runtime().execute((now, out) -> a.secure().callInner(now, out, inner -> a.peer().send(b.peer().id(), message, now, inner)));
            Thread.sleep(50);
        }
        await("all " + MESSAGES + " messages at b", 15_000, () -> b.received().size() >= MESSAGES);
        Thread.sleep(500);

        DropCounters bDrops = b.secure().drops();
        System.out.printf("relay altered %d sealed payloads and replayed 1: b dropped seal_open_failed=%d replayed=%d,"
                + " received %d of %d messages%n", relay.altered.get(), bDrops.get("seal_open_failed"), bDrops.get("replayed"),
                b.received().size(), MESSAGES);
        assertThat(relay.altered.get()).isEqualTo(ALTERED);
        assertThat(bDrops.get("seal_open_failed")).isEqualTo(ALTERED);
        assertThat(bDrops.get("replayed")).isOne();
        assertThat(b.received()).containsExactlyElementsOf(IntStream.rangeClosed(1, MESSAGES).mapToObj(i -> "m" + i).toList());
        assertThat(a.secure().hasRelayedSessionWith(a.localPort(), introducerA.endpoint(), b.peer().id())).isTrue();
    }

    private Introducer introducer(PeerIdentity at, Identity key) {
        IntroducerConfig config = IntroducerConfig.builder(at.endpoint().toString(), at.endpoint().port())
                .testSourcePort(LocalAddresses.freeUdpPort(LOOPBACK)).build();
        return new Introducer(config, key.peerId(), System.currentTimeMillis(), random);
    }

    private RunningPeer peer(String name, PeerIdentity introducerA, PeerIdentity introducerB, IntroducerTrust trust) throws Exception {
        Identity identity = identity();
        PeerConfig config = PeerConfig.builder(name, introducerA, introducerB).localPort(LocalAddresses.freeUdpPort(LOOPBACK))
                .testPort(LocalAddresses.freeUdpPort(LOOPBACK)).relayOnly(true).build();
        List<String> received = new CopyOnWriteArrayList<>();
        Peer peer = new Peer(config, identity.peerId(), System.currentTimeMillis(), random,
                (from, payload, now) -> received.add(new String(payload, StandardCharsets.UTF_8)));
        SecureNode secure = new SecureNode(peer, new SecureConfig(identity, trust, KeyLog.NONE,
                Set.of(introducerA.endpoint(), introducerB.endpoint()), SecureLimits.peer(), name), this::privateKey, random);
        return new RunningPeer(peer, secure, config.localPort(), run(secure), received);
    }

    private static IntroducerTrust pinned(PeerIdentity a, Identity aKey, PeerIdentity b, Identity bKey) {
        return new IntroducerTrust() {
            @Override
            public byte[] expectedKey(Endpoint introducer) {
                return introducer.equals(a.endpoint()) ? aKey.keys().publicKey()
                        : introducer.equals(b.endpoint()) ? bKey.keys().publicKey() : null;
            }

            @Override
            public boolean firstUse(Endpoint introducer, byte[] key) {
                return false;
            }
        };
    }

    private UdpRuntime run(Node node) throws Exception {
        UdpRuntime runtime = UdpRuntime.of(node, LOOPBACK);
        runtimes.add(runtime);
        runtime.start();
        return runtime;
    }

    private Identity identity() {
        return new Identity(DhKeyPair.fromPrivateKey(privateKey()));
    }

    private byte[] privateKey() {
        byte[] key = new byte[NoiseLimits.DH_LENGTH];
        random.nextBytes(key);
        return key;
    }

    private static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + millis + " ms waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
