package org.ptpmesh.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.net.LoopbackMesh.await;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.ptpmesh.client.MeshClient;
import org.ptpmesh.rendezvous.RendezvousListener;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.rendezvous.ServerConfig;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.FloodDatagrams;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.TlvTypes;

/**
 * 100,000 random and mutated datagrams at a real server while well-formed clients use it: they
 * keep being served (a newcomer registers within one registration period), the server never
 * throws, its tables stay bounded, and what it refused is counted.
 */
class FloodTest {

    private static final int FLOOD = 100_000;
    private static final int FLOOD_SOCKETS = 64;

    @Test
    void wellFormedClientsAreServedDuringAFlood() throws Exception {
        try (LoopbackMesh mesh = new LoopbackMesh()) {
            int port = LocalAddresses.freeUdpPort(LoopbackMesh.LOOPBACK);
            ServerConfig config = LoopbackMesh.serverConfig(port).withBounds(5_000, 200, 100, 1_000);
            LoopbackMesh.Running<RendezvousServer> server = mesh.server(config, RendezvousListener.NONE);
            LoopbackMesh.Running<MeshClient> a = mesh.client(port);
            LoopbackMesh.Running<MeshClient> b = mesh.client(port);
            await("a and b see each other", Duration.ofSeconds(5), () -> a.node().snapshot().peers().size() == 1);

            AtomicLong sent = new AtomicLong();
            long receivedBefore = server.runtime().stats().received();
            Thread flooder = new Thread(() -> flood(port, sent), "flooder");
            flooder.start();
            // in the middle of the flood a newcomer arrives
            await("the flood is under way", Duration.ofSeconds(10), () -> sent.get() > FLOOD / 4);
            long joinedAt = System.currentTimeMillis();
            LoopbackMesh.Running<MeshClient> late = mesh.client(port);
            await("the newcomer registered within one registration period", Duration.ofMillis(LoopbackMesh.REGISTER + 200),
                    () -> late.node().yourAddress().isPresent());
            long registeredAfter = System.currentTimeMillis() - joinedAt;
            flooder.join(60_000);
            assertThat(sent.get()).isEqualTo(FLOOD);

            await("a lists the newcomer", Duration.ofSeconds(5), () -> a.node().snapshot().peers().size() == 2);
            assertThat(registeredAfter).isLessThanOrEqualTo(LoopbackMesh.REGISTER + 200);
            assertThat(server.runtime().stats().nodeErrors()).isZero();
            assertThat(mesh.errors).isEmpty();
            RendezvousServer node = server.node();
            await("the snapshot caught up", Duration.ofSeconds(2),
                    () -> node.snapshot().datagramsIn() >= server.runtime().stats().received() - 50);
            long floodSeen = server.runtime().stats().received() - receivedBefore;
            // nearly all of what arrived was junk and refused; the rest is the clients' own traffic
            // and the few mutations that stayed well-formed
            assertThat(node.drops().total()).isGreaterThan((long) (floodSeen * 0.95));
            assertThat(node.snapshot().clients()).isLessThanOrEqualTo(config.maxClients());
            assertThat(node.snapshot().drops()).containsKeys("bad_checksum", "rate_limited");
            System.out.printf("flood: %d sent, %d received by the server, %d dropped and counted %s; newcomer registered after %d ms%n",
                    sent.get(), floodSeen, node.drops().total(), node.snapshot().drops(), registeredAfter);
        }
    }

    /** Random bytes, and well-formed datagrams broken the codec tests' ways (FloodDatagrams). */
    private static void flood(int port, AtomicLong sent) {
        Random random = new Random(2014);
        List<byte[]> templates = templates();
        InetSocketAddress target = new InetSocketAddress(LoopbackMesh.LOOPBACK, port);
        List<DatagramChannel> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < FLOOD_SOCKETS; i++) {
                DatagramChannel c = DatagramChannel.open();
                c.bind(new InetSocketAddress(LoopbackMesh.LOOPBACK, 0));
                sockets.add(c);
            }
            for (int i = 0; i < FLOOD; i++) {
                byte[] d = random.nextInt(4) == 0 ? FloodDatagrams.randomBytes(random) : FloodDatagrams.mutated(templates.get(random.nextInt(templates.size())), random);
                sockets.get(i % FLOOD_SOCKETS).send(ByteBuffer.wrap(d), target);
                sent.incrementAndGet();
                if (i % 100 == 99) {
                    // bursts of 100 (under the server's default socket buffer), about 70k a second
                    Thread.sleep(1);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            for (DatagramChannel c : sockets) {
                try {
                    c.close();
                } catch (java.io.IOException ignored) {
                    // closing a test socket
                }
            }
        }
    }

    private static List<byte[]> templates() {
        byte[] id = LoopbackMesh.uuid();
        Endpoint addr = Endpoint.of("10.0.0.1", 4000);
        return List.of(
                Codec.encode(Message.of(MessageKind.REGISTER, id).uint(TlvTypes.CLIENTVER, 1).uint(TlvTypes.SEQUENCE, 1)
                        .address(TlvTypes.PTPADDR, addr).uint(TlvTypes.MYTS, 5).json(TlvTypes.META, "{\"a\":1}").build()),
                Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 1).uint(TlvTypes.SEQUENCE, 1).bytes(TlvTypes.UUID, id)
                        .uint(TlvTypes.YOURTS, 5).build()),
                Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 1).bytes(TlvTypes.UUID, id).uint(TlvTypes.SHUTDOWN, 1).build()),
                Codec.encode(Message.of(MessageKind.PING, id).uint(TlvTypes.NAT, 0).build()));
    }
}
