package org.ptpmesh.net;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ptpmesh.rendezvous.RendezvousListener;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.rendezvous.ServerConfig;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.ReceiverRules;
import org.ptpmesh.wire.TlvTypes;

/**
 * One rendezvous server on its UDP runtime on 127.0.0.1, loaded by N simulated clients (their
 * REGISTER datagrams pre-encoded, sent from a few sockets by one thread; another thread echoes
 * the cookie of each challenge, as clients do, until all are registered). Measures heap per
 * registered client once all N registered, then datagrams the server processes per second
 * while every client keeps re-registering (each answered with an ECHO). Run with
 * {@code ci/bench-server [clients] [seconds]}; not part of the test suite.
 */
public final class ServerLoadBenchmark {

    private static final int SOCKETS = 64;

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int port = LocalAddresses.freeUdpPort(loopback);
        // publications are not what is measured: one list a day, ten neighbours each; sources are
        // few sockets standing for many clients, so the per-source limit is lifted
        ServerConfig config = ServerConfig.defaults().withPort(port).withTimers(86_400_000, 86_400_000, 86_400_000)
                .withListLimit(10).withBounds(clients + 10, Integer.MAX_VALUE / 2, Integer.MAX_VALUE / 2, 1_000);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long heapBefore = usedHeapAfterGc(memory);
        RendezvousServer server = new RendezvousServer(config, RendezvousListener.NONE, new java.security.SecureRandom());
        UdpRuntime runtime = UdpRuntime.of(server, loopback);
        runtime.start();
        System.out.printf("datagram I/O: %s%n", runtime.datagramIo());

        List<byte[]> registrations = registrations(clients);
        List<DatagramChannel> sockets = new ArrayList<>();
        for (int i = 0; i < SOCKETS; i++) {
            DatagramChannel c = DatagramChannel.open();
            c.bind(new InetSocketAddress(loopback, 0));
            sockets.add(c);
        }
        InetSocketAddress target = new InetSocketAddress(loopback, port);
        AtomicBoolean registering = new AtomicBoolean(true);
        Thread answering = new Thread(() -> answerChallenges(sockets, target, registering), "challenges");
        answering.start();
        // every client registers, paced so that the server's socket buffer does not overflow
        long start = System.nanoTime();
        while (server.snapshot().clients() < clients) {
            for (int i = 0; i < clients; i++) {
                sockets.get(i % SOCKETS).send(ByteBuffer.wrap(registrations.get(i)), target);
                if (i % 200 == 199) {
                    Thread.sleep(1);
                }
            }
            Thread.sleep(1_500);
            if (System.nanoTime() - start > 120_000_000_000L) {
                throw new IllegalStateException("only " + server.snapshot().clients() + " of " + clients + " registered in 120 s");
            }
        }
        registering.set(false);
        answering.join();
        long heapAfter = usedHeapAfterGc(memory);
        System.out.printf("registered clients: %d in %.1f s%n", clients, (System.nanoTime() - start) / 1e9);
        System.out.printf("heap: %.1f MB for %d clients = %.0f bytes per registered client%n",
                (heapAfter - heapBefore) / 1e6, clients, (double) (heapAfter - heapBefore) / clients);

        // steady state: re-registrations (each answered with an ECHO), then echoes of a list's
        // timestamp (answered with nothing), as fast as one thread sends them
        measure("REGISTER (answered)", registrations, sockets, target, runtime, seconds);
        long yourts = org.ptpmesh.wire.Timestamps.fromMillis(System.currentTimeMillis());
        measure("ECHO (not answered)", echoes(clients, yourts), sockets, target, runtime, seconds);
        System.out.printf("server drops: %s%n", server.drops().snapshot());
        runtime.close();
        for (DatagramChannel c : sockets) {
            c.close();
        }
    }

    private static void measure(String what, List<byte[]> datagrams, List<DatagramChannel> sockets, InetSocketAddress target,
                                UdpRuntime runtime, int seconds) throws Exception {
        long received0 = runtime.stats().received();
        long sent0 = runtime.stats().sent();
        long t0 = System.nanoTime();
        long end = t0 + seconds * 1_000_000_000L;
        int i = 0;
        while (System.nanoTime() < end) {
            // client i always sends from socket i % SOCKETS, the address it registered from
            sockets.get(i % datagrams.size() % SOCKETS).send(ByteBuffer.wrap(datagrams.get(i % datagrams.size())), target);
            i++;
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(200);
        long received = runtime.stats().received() - received0;
        long answered = runtime.stats().sent() - sent0;
        System.out.printf("%s: offered %.0f/s; server processed %.0f datagrams/s (received %d, answered %d, node errors %d)%n",
                what, i / elapsed, received / elapsed, received, answered, runtime.stats().nodeErrors());
    }

    /** Echoes every challenge's cookie (an ECHO with MYTS) back from the socket it reached; drops the rest. */
    private static void answerChallenges(List<DatagramChannel> sockets, InetSocketAddress target, AtomicBoolean running) {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        DatagramView view = new DatagramView();
        try {
            for (DatagramChannel c : sockets) {
                c.configureBlocking(false);
            }
            while (running.get()) {
                boolean idle = true;
                for (DatagramChannel c : sockets) {
                    while (c.receive(buf.clear()) != null) {
                        idle = false;
                        if (view.wrap(buf.array(), 0, buf.position()) == null && view.indexOf(TlvTypes.MYTS) >= 0
                                && ReceiverRules.kindOf(view) == MessageKind.ECHO) {
                            c.send(ByteBuffer.wrap(Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 1)
                                    .uint(TlvTypes.SEQUENCE, 2).bytes(TlvTypes.UUID, view.value(view.indexOf(TlvTypes.UUID)))
                                    .uint(TlvTypes.YOURTS, view.uintOf(TlvTypes.MYTS, 0), 8).build())), target);
                        }
                    }
                }
                if (idle) {
                    Thread.sleep(1);
                }
            }
            for (DatagramChannel c : sockets) {
                c.configureBlocking(true);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<byte[]> echoes(int clients, long yourts) {
        List<byte[]> out = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            out.add(Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 1).uint(TlvTypes.SEQUENCE, 2)
                    .bytes(TlvTypes.UUID, id(i)).uint(TlvTypes.YOURTS, yourts).build()));
        }
        return out;
    }

    private static byte[] id(int client) {
        return ByteBuffer.allocate(16).putLong(0xBE7C4L).putLong(client).array();
    }

    private static List<byte[]> registrations(int clients) {
        List<byte[]> out = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            out.add(Codec.encode(Message.of(MessageKind.REGISTER, id(i)).uint(TlvTypes.CLIENTVER, 1)
                    .uint(TlvTypes.SEQUENCE, 1).address(TlvTypes.PTPADDR, Endpoint.of("10.0.0.1", 1 + i % 60_000))
                    .uint(TlvTypes.MYTS, 1).build()));
        }
        return out;
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
