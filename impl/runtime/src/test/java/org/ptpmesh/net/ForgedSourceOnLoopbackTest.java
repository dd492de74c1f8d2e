package org.ptpmesh.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ptpmesh.client.MeshClient;
import org.ptpmesh.compose.ServerNode;
import org.ptpmesh.introducer.Introducer;
import org.ptpmesh.introducer.IntroducerConfig;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.rendezvous.RendezvousListener;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.Timestamps;
import org.ptpmesh.wire.TlvTypes;

/**
 * A forger with a raw socket sends a ptpserver (rendezvous server and introducer) datagrams whose
 * source is a victim's address, as the reflection attack does: REGISTERs as both kinds of client
 * send them, PINGs naming a test port, introduction and relay requests, echoes, goodbyes and junk,
 * while honest clients use the server. The victim receives no more bytes than the forger sent,
 * nothing reaches the port the PINGs name, and the forged sources get into no table. Skipped,
 * with the reason, where raw sockets cannot be opened (not root).
 */
class ForgedSourceOnLoopbackTest {

    private static final Duration FORGING = Duration.ofSeconds(3);

    @Test
    void aForgedSourceGetsNoMoreBytesThanTheForgerSentAndNoTest() throws Exception {
        try (RawUdp raw = RawUdp.open()) {
            assumeTrue(raw != null, "raw sockets need root (CAP_NET_RAW): the forged-source attack cannot be sent");
            run(raw);
        }
    }

    private static void run(RawUdp raw) throws Exception {
        try (LoopbackMesh mesh = new LoopbackMesh();
             DatagramChannel victim = bound();
             DatagramChannel victimTestPort = bound()) {
            int port = LocalAddresses.freeUdpPort(LoopbackMesh.LOOPBACK);
            int testSource = LocalAddresses.freeUdpPort(LoopbackMesh.LOOPBACK);
            SecureRandom random = new SecureRandom();
            RendezvousServer rendezvous = new RendezvousServer(LoopbackMesh.serverConfig(port), RendezvousListener.NONE, random);
            Introducer introducer = new Introducer(IntroducerConfig.builder("ptpserver", port).testSourcePort(testSource).build(),
                    PeerId.random(random), 0, random);
            ServerNode node = new ServerNode(rendezvous, introducer, port);
            UdpRuntime server = UdpRuntime.of(node, LoopbackMesh.LOOPBACK);
            try {
                server.start();
                List<LoopbackMesh.Running<MeshClient>> honest = List.of(mesh.client(port), mesh.client(port), mesh.client(port));
                LoopbackMesh.await("the honest clients list each other", Duration.ofSeconds(5),
                        () -> honest.stream().allMatch(c -> c.node().snapshot().peers().size() == 2));

                Endpoint from = Endpoint.of((InetSocketAddress) victim.getLocalAddress());
                Endpoint to = new Endpoint(LoopbackMesh.LOOPBACK, port);
                int testPort = ((InetSocketAddress) victimTestPort.getLocalAddress()).getPort();
                Random r = new Random(17);
                long forged = 0;
                long received = 0;
                long end = System.nanoTime() + FORGING.toNanos();
                while (System.nanoTime() < end) {
                    for (byte[] d : forgeries(r, from, testPort)) {
                        raw.send(from, to, d);
                        forged += d.length;
                    }
                    received += drain(victim);
                    Thread.sleep(20);
                }
                // publications keep going: a forged registration must not have earned any
                long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                while (System.nanoTime() < settle) {
                    received += drain(victim);
                    Thread.sleep(20);
                }
                System.out.printf("forged source: %d bytes forged, %d received by the victim (%.2f per byte)%n", forged,
                        received, (double) received / forged);
                assertThat(received).as("bytes the victim received for %d forged", forged).isLessThanOrEqualTo(forged);
                assertThat(received).as("the challenges did reach it").isPositive();
                assertThat(drain(victimTestPort)).as("bytes at the port the forged PINGs named").isZero();
                assertThat(rendezvous.snapshot().clients()).isEqualTo(honest.size());
                assertThat(introducer.registrations()).isZero();
                assertThat(server.stats().nodeErrors()).isZero();
            } finally {
                server.close();
            }
        }
    }

    /** One of each datagram a forger sends from the victim's address. */
    private static List<byte[]> forgeries(Random r, Endpoint victim, int testPort) {
        byte[] id = new byte[16];
        r.nextBytes(id);
        long now = Timestamps.fromMillis(System.currentTimeMillis());
        List<byte[]> out = new ArrayList<>();
        // ptptest 2014's registration, META and all, and a ptpmesh one
        out.add(Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 2, 1).uint(TlvTypes.SEQUENCE, 1, 4).bytes(TlvTypes.UUID, id)
                .address(TlvTypes.PTPADDR, victim).uint(TlvTypes.MYTS, now, 8)
                .json(TlvTypes.META, "{\"127.0.0.1-23456\":{\"stats\":{\"sent\":1,\"rcvd\":0,\"ackd\":0,\"rtt\":0}}}").build()));
        out.add(Codec.encode(Message.of(MessageKind.REGISTER, id).uint(TlvTypes.CLIENTVER, 1).uint(TlvTypes.SEQUENCE, 1)
                .address(TlvTypes.PTPADDR, victim).uint(TlvTypes.MYTS, now).uint(TlvTypes.NAT, 0).build()));
        // a NAT check's ping, naming the victim's other port for the TEST, with and without a made-up cookie
        out.add(Messages.ping(PeerId.of(id), NatType.UNKNOWN, 0, testPort, null, now));
        out.add(Messages.ping(PeerId.of(id), NatType.UNKNOWN, 0, testPort, null, now, r.nextLong()));
        byte[] other = new byte[16];
        r.nextBytes(other);
        out.add(Messages.introRequest(PeerId.of(id), PeerId.of(other), NatType.EASY));
        out.add(Messages.relay(PeerId.of(id), PeerId.of(other), new byte[40]));
        out.add(Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 2, 1).uint(TlvTypes.SEQUENCE, 1, 4).bytes(TlvTypes.UUID, id)
                .uint(TlvTypes.YOURTS, r.nextLong(), 8).build()));
        out.add(Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 2, 1).bytes(TlvTypes.UUID, id).uint(TlvTypes.SHUTDOWN, 1, 1)
                .build()));
        byte[] junk = new byte[1 + r.nextInt(200)];
        r.nextBytes(junk);
        out.add(junk);
        return out;
    }

    private static DatagramChannel bound() throws java.io.IOException {
        DatagramChannel c = DatagramChannel.open();
        c.bind(new InetSocketAddress(LoopbackMesh.LOOPBACK, 0));
        c.configureBlocking(false);
        return c;
    }

    /** Bytes waiting on {@code c}, read. */
    private static long drain(DatagramChannel c) throws java.io.IOException {
        long bytes = 0;
        ByteBuffer buf = ByteBuffer.allocate(2048);
        while (c.receive(buf.clear()) != null) {
            bytes += buf.position();
        }
        return bytes;
    }
}
