package org.ptpmesh.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
 * A rendezvous server on its UDP runtime on 127.0.0.1 with N registered clients, under join
 * churn: new clients join and registered ones leave (SHUTDOWN) at a given rate each, while
 * registered clients keep registering. Every registration's answer time is measured (the
 * challenge of a newcomer, the ECHO of a registered client: the server echoes the MYTS the
 * generator sent, which is its send time), and for each newcomer the time until its first list.
 * Prints p50, p99 and max. The generator stands for the clients from a few hundred sockets, as
 * ptpmesh clients behave: it registers and echoes the server's cookie. While it measures, it reads
 * only the sockets of the clients it measures (the first {@value #PROBES} registered ones, and
 * the newcomers): the others' lists are left to the kernel to drop, so that the generator, on
 * the same cores as the server, does not spend them on reading lists. Run with {@code ci/bench-churn [clients] [churn per second] [seconds]}; not part of the
 * test suite.
 */
public final class ChurnBenchmark {

    private static final int SOCKETS = 256;
    /** Sockets of the clients measured: the probes and the newcomers. */
    private static final int MEASURED_SOCKETS = 16;
    /** Registered clients whose re-registrations are measured. */
    private static final int PROBES = 1_000;
    /** Registered clients re-registering, per second, measured alongside the joins. */
    private static final int REFRESHES_PER_SECOND = 500;

    private final int clients;
    private final InetSocketAddress target;
    private final List<DatagramChannel> sockets = new ArrayList<>();
    /** A newcomer's id (its low long) to the nanoTime its REGISTER left, until its first list arrives. */
    private final Map<Long, Long> awaitingList = new ConcurrentHashMap<>();
    private final Samples answers = new Samples();
    private final Samples firstLists = new Samples();
    private final AtomicBoolean measuring = new AtomicBoolean();
    private final AtomicLong received = new AtomicLong();
    /** Population clients that got a list: registered. */
    private final java.util.BitSet listed = new java.util.BitSet();

    private ChurnBenchmark(int clients, InetSocketAddress target) {
        this.clients = clients;
        this.target = target;
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int churn = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int port = LocalAddresses.freeUdpPort(loopback);
        // the defaults (13 s publications, lists of 64, 1 s announce gap, publish budget), except: a
        // few hundred sockets stand for many clients, so the per-source limit is lifted, and the
        // purge window is long enough that the population need not re-register during the run
        ServerConfig config = ServerConfig.defaults().withPort(port).toBuilder().purgeAfter(600_000)
                .maxClients(2 * clients + 100_000).rateBurst(Integer.MAX_VALUE / 2).ratePerSecond(Integer.MAX_VALUE / 2)
                .maxTrackedSources(1_000).build();
        RendezvousServer server = new RendezvousServer(config, RendezvousListener.NONE, new SecureRandom());
        UdpRuntime runtime = UdpRuntime.of(server, loopback);
        runtime.start();
        ChurnBenchmark bench = new ChurnBenchmark(clients, new InetSocketAddress(loopback, port));
        try {
            bench.run(server, runtime, churn, seconds);
        } finally {
            runtime.close();
            for (DatagramChannel c : bench.sockets) {
                c.close();
            }
        }
    }

    private void run(RendezvousServer server, UdpRuntime runtime, int churn, int seconds) throws Exception {
        Selector selector = Selector.open();
        for (int i = 0; i < SOCKETS; i++) {
            DatagramChannel c = DatagramChannel.open();
            c.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
            c.bind(new InetSocketAddress(target.getAddress(), 0));
            c.configureBlocking(false);
            c.register(selector, SelectionKey.OP_READ, c);
            sockets.add(c);
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread receiver = new Thread(() -> receive(selector, stop), "churn-receiver");
        receiver.start();

        System.out.printf("datagram I/O: %s; %d clients, %d joins and %d leaves per second, %d s%n", runtime.datagramIo(), clients,
                churn, churn, seconds);
        long start = System.nanoTime();
        // paced, and again for those a busy host lost on the way, until every one got its list
        while (server.snapshot().clients() < clients) {
            int sent = 0;
            for (int i = 0; i < clients; i++) {
                boolean done;
                synchronized (listed) {
                    done = listed.get(i);
                }
                if (!done) {
                    register(i);
                    if (++sent % 200 == 0) {
                        Thread.sleep(10);
                    }
                }
            }
            Thread.sleep(2_000);
            if (System.nanoTime() - start > 600_000_000_000L) {
                throw new IllegalStateException("only " + server.snapshot().clients() + " of " + clients + " registered in 600 s");
            }
        }
        System.out.printf("registered %d clients in %.1f s (each a REGISTER, a challenge, an echo of its cookie)%n", clients,
                (System.nanoTime() - start) / 1e9);
        Thread.sleep(2_000);

        long receivedBefore = runtime.stats().received();
        long sentBefore = runtime.stats().sent();
        for (int i = MEASURED_SOCKETS; i < SOCKETS; i++) {
            sockets.get(i).keyFor(selector).cancel();
        }
        selector.wakeup();
        measuring.set(true);
        Random random = new Random(1);
        int nextJoiner = clients;
        int present = clients;
        boolean[] left = new boolean[clients];
        long t0 = System.nanoTime();
        long ticks = 0;
        while (System.nanoTime() - t0 < seconds * 1_000_000_000L) {
            // every 10 ms: a hundredth of a second's joins, leaves and refreshes
            ticks++;
            long due = t0 + ticks * 10_000_000L;
            for (long i = churn * (ticks - 1) / 100; i < churn * ticks / 100; i++) {
                awaitingList.put((long) nextJoiner, System.nanoTime());
                register(nextJoiner++);
                int leaving = PROBES + random.nextInt(clients - PROBES);
                if (!left[leaving]) {
                    left[leaving] = true;
                    present--;
                    shutdown(leaving);
                }
            }
            for (long i = REFRESHES_PER_SECOND * (ticks - 1) / 100; i < REFRESHES_PER_SECOND * ticks / 100; i++) {
                register(random.nextInt(PROBES));
            }
            long sleep = due - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(2_000);
        measuring.set(false);
        stop.set(true);
        selector.wakeup();
        receiver.join(5_000);
        System.out.printf("server: %d datagrams in, %d out in %.1f s (%d registered at the end, %d expected)%n",
                runtime.stats().received() - receivedBefore, runtime.stats().sent() - sentBefore, elapsed,
                server.snapshot().clients(), present + nextJoiner - clients);
        System.out.printf("registrations answered: %s%n", answers.summary());
        System.out.printf("newcomers' first list:  %s (%d never got one)%n", firstLists.summary(), awaitingList.size());
        System.out.printf("generator received %d datagrams; server drops %s%n", received.get(), server.drops().snapshot());
    }

    /** The first {@value #PROBES} clients and the newcomers are on the measured sockets, the rest on the others. */
    private DatagramChannel socketOf(int client) {
        boolean measured = client < PROBES || client >= clients;
        return measured ? sockets.get(client % MEASURED_SOCKETS)
                : sockets.get(MEASURED_SOCKETS + client % (SOCKETS - MEASURED_SOCKETS));
    }

    private static byte[] id(long client) {
        return ByteBuffer.allocate(16).putLong(0xC4_0C4_0C4L).putLong(client).array();
    }

    /** A ptpmesh client's registration; its MYTS is the send time, which every answer echoes. */
    private void register(int client) throws Exception {
        DatagramChannel c = socketOf(client);
        byte[] d = Codec.encode(Message.of(MessageKind.REGISTER, id(client)).uint(TlvTypes.CLIENTVER, 1).uint(TlvTypes.SEQUENCE, 1)
                .address(TlvTypes.PTPADDR, Endpoint.of((InetSocketAddress) c.getLocalAddress())).uint(TlvTypes.MYTS, System.nanoTime(), 8)
                .uint(TlvTypes.NAT, 0).build());
        c.send(ByteBuffer.wrap(d), target);
    }

    private void shutdown(int client) throws Exception {
        byte[] d = Codec.encode(Message.of(MessageKind.SHUTDOWN, id(client)).uint(TlvTypes.CLIENTVER, 1).uint(TlvTypes.SEQUENCE, 2)
                .uint(TlvTypes.SHUTDOWN, 1).build());
        socketOf(client).send(ByteBuffer.wrap(d), target);
    }

    /** Reads the sockets: answers challenges, times answers and newcomers' first lists, drops the rest. */
    private void receive(Selector selector, AtomicBoolean stop) {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        DatagramView view = new DatagramView();
        try {
            while (!stop.get()) {
                // select() drops the keys the sending thread cancelled
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel c = (DatagramChannel) key.attachment();
                    while (key.isValid() && c.receive(buf.clear()) != null) {
                        received.incrementAndGet();
                        long now = System.nanoTime();
                        if (view.wrap(buf.array(), 0, buf.position()) == null) {
                            handle(c, view, now);
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    /** Read straight off the decoded view: the generator shares the server's cores. */
    private void handle(DatagramChannel c, DatagramView view, long now) throws Exception {
        int uuid = view.indexOf(TlvTypes.UUID);
        MessageKind kind = ReceiverRules.kindOf(view);
        if (kind == MessageKind.ECHO) {
            if (measuring.get()) {
                answers.add(now - view.uintOf(TlvTypes.YOURTS, 0));
            }
            if (view.indexOf(TlvTypes.MYTS) >= 0) {
                // a challenge: echo the cookie, as every client does a server's MYTS
                byte[] echo = Codec.encode(Message.builder().uint(TlvTypes.CLIENTVER, 1).uint(TlvTypes.SEQUENCE, 2)
                        .bytes(TlvTypes.UUID, view.value(uuid)).uint(TlvTypes.YOURTS, view.uintOf(TlvTypes.MYTS, 0), 8).build());
                c.send(ByteBuffer.wrap(echo), target);
            }
        } else if (kind == MessageKind.LIST && uuid >= 0) {
            long client = ByteBuffer.wrap(view.buffer(), view.valueOffset(uuid) + 8, 8).getLong();
            if (client < clients) {
                synchronized (listed) {
                    listed.set((int) client);
                }
            }
            Long joinedAt = awaitingList.remove(client);
            if (joinedAt != null) {
                firstLists.add(now - joinedAt);
            }
        }
    }

    /** Latencies in ns, kept whole (a run gives tens of thousands). */
    private static final class Samples {
        private long[] values = new long[1 << 16];
        private int n;

        synchronized void add(long nanos) {
            if (n == values.length) {
                values = Arrays.copyOf(values, 2 * n);
            }
            values[n++] = nanos;
        }

        synchronized String summary() {
            if (n == 0) {
                return "no samples";
            }
            long[] sorted = Arrays.copyOf(values, n);
            Arrays.sort(sorted);
            return String.format("%d samples, p50 %.2f ms, p99 %.2f ms, max %.2f ms", n, sorted[n / 2] / 1e6,
                    sorted[(int) Math.min(n - 1, Math.ceil(n * 0.99) - 1)] / 1e6, sorted[n - 1] / 1e6);
        }
    }
}
