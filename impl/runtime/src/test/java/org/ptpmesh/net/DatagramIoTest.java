package org.ptpmesh.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.wire.Endpoint;

/**
 * Both kinds of datagram I/O on real loopback sockets: what arrives, from whom, in what order,
 * at what length, and what a send that cannot go does. The same node (an echo) runs on each.
 */
class DatagramIoTest {

    private static final InetAddress V4 = InetAddress.getLoopbackAddress();
    /** A burst: 100 datagrams of 1400 bytes and a shorter last one (GSO runs where offered). */
    private static final int BURST = 101;

    /** Echoes every datagram to its source; a datagram "ttl" is answered with three, the middle one at TTL 64. */
    private static final class Echo implements Node {
        final int port;
        final List<Integer> lengths = new CopyOnWriteArrayList<>();
        final List<Endpoint> sources = new CopyOnWriteArrayList<>();
        volatile Endpoint extraDestination;

        Echo(int port) {
            this.port = port;
        }

        @Override
        public void start(long now, Effects out) {
            out.bind(port);
        }

        @Override
        public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
            lengths.add(data.length);
            sources.add(from);
            if (new String(data).equals("ttl")) {
                out.send(localPort, from, "a".getBytes());
                out.send(localPort, from, "b".getBytes(), 64);
                out.send(localPort, from, "c".getBytes());
            } else if (new String(data).startsWith("burst")) {
                for (int i = 0; i < BURST; i++) {
                    out.send(localPort, from, burstDatagram(i));
                }
            } else if (new String(data).equals("unreachable")) {
                out.send(localPort, extraDestination, "lost".getBytes());
                out.send(localPort, from, "after".getBytes());
            } else if (data.length <= 1400) {
                out.send(localPort, from, data);
            }
        }

        @Override
        public void onTimer(TimerKey key, long now, Effects out) {
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void batchedIoIsWhatLinuxUses() {
        // were JNA or the descriptor flag to break, every runtime would fall back to NIO silently
        assertThat(BatchedDatagramIo.supported()).isTrue();
        assertThat(DatagramIo.Kind.preferred()).isEqualTo(DatagramIo.Kind.BATCHED);
    }

    @ParameterizedTest
    @EnumSource(DatagramIo.Kind.class)
    void everyDatagramComesBackWholeAndInOrder(DatagramIo.Kind kind) throws Exception {
        assumeUsable(kind);
        int port = LocalAddresses.freeUdpPort(V4);
        Echo echo = new Echo(port);
        try (UdpRuntime runtime = UdpRuntime.of(echo, V4, kind); DatagramChannel client = client(V4)) {
            started(runtime);
            Random random = new Random(7);
            List<byte[]> sent = new ArrayList<>();
            List<byte[]> received = new ArrayList<>();
            // bursts larger than one batch, sizes from 1 to 1400 bytes
            for (int burst = 0; burst < 20; burst++) {
                for (int i = 0; i < 150; i++) {
                    byte[] d = new byte[1 + random.nextInt(1400)];
                    random.nextBytes(d);
                    sent.add(d);
                    client.send(ByteBuffer.wrap(d), new InetSocketAddress(V4, port));
                }
                received.addAll(receive(client, 150, new InetSocketAddress(V4, port)));
            }
            assertThat(received).hasSize(sent.size());
            for (int i = 0; i < sent.size(); i++) {
                assertThat(received.get(i)).as("datagram %d", i).isEqualTo(sent.get(i));
            }
            Endpoint me = Endpoint.of((InetSocketAddress) client.getLocalAddress());
            assertThat(echo.sources).containsOnly(me);
            assertThat(runtime.stats().received()).isEqualTo(sent.size());
            assertEventually("sent", () -> runtime.stats().sent(), sent.size());
            assertThat(runtime.stats().sendFailures()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(DatagramIo.Kind.class)
    void anOversizeDatagramArrivesAtItsFullLength(DatagramIo.Kind kind) throws Exception {
        assumeUsable(kind);
        int port = LocalAddresses.freeUdpPort(V4);
        Echo echo = new Echo(port);
        try (UdpRuntime runtime = UdpRuntime.of(echo, V4, kind); DatagramChannel client = client(V4)) {
            started(runtime);
            InetSocketAddress server = new InetSocketAddress(V4, port);
            client.send(ByteBuffer.wrap(new byte[9_000]), server);
            client.send(ByteBuffer.wrap(new byte[100]), server);
            assertThat(receive(client, 1, server).get(0)).hasSize(100);
            assertThat(echo.lengths).containsExactly(9_000, 100);
        }
    }

    @ParameterizedTest
    @EnumSource(DatagramIo.Kind.class)
    void aLowTtlSendKeepsItsPlaceAmongQueuedOnes(DatagramIo.Kind kind) throws Exception {
        assumeUsable(kind);
        int port = LocalAddresses.freeUdpPort(V4);
        try (UdpRuntime runtime = UdpRuntime.of(new Echo(port), V4, kind); DatagramChannel client = client(V4)) {
            started(runtime);
            InetSocketAddress server = new InetSocketAddress(V4, port);
            client.send(ByteBuffer.wrap("ttl".getBytes()), server);
            assertThat(receive(client, 3, server)).extracting(String::new).containsExactly("a", "b", "c");
        }
    }

    @ParameterizedTest
    @EnumSource(DatagramIo.Kind.class)
    void aSendThatCannotGoIsCountedAndTheNextOneGoes(DatagramIo.Kind kind) throws Exception {
        assumeUsable(kind);
        int port = LocalAddresses.freeUdpPort(V4);
        Echo echo = new Echo(port);
        // the kernel refuses a UDP datagram to port 0 (an unreachable IPv6 address would not do:
        // a dual-stack socket with a default IPv6 route sends it)
        echo.extraDestination = Endpoint.of("127.0.0.1", 0);
        try (UdpRuntime runtime = new UdpRuntime(echo, V4, e -> { }, DatagramTap.NONE, e -> { }, System::currentTimeMillis, kind);
             DatagramChannel client = client(V4)) {
            started(runtime);
            InetSocketAddress server = new InetSocketAddress(V4, port);
            client.send(ByteBuffer.wrap("unreachable".getBytes()), server);
            assertThat(receive(client, 1, server)).extracting(String::new).containsExactly("after");
            assertThat(runtime.stats().sendFailures()).isEqualTo(1);
            assertEventually("sent", () -> runtime.stats().sent(), 1);
        }
    }

    @ParameterizedTest
    @EnumSource(DatagramIo.Kind.class)
    void aDualStackSocketSeesIpv4PeersAsIpv4AndAnswersThem(DatagramIo.Kind kind) throws Exception {
        assumeUsable(kind);
        InetAddress any6 = InetAddress.getByName("::");
        int port = LocalAddresses.freeUdpPort(V4);
        Echo echo = new Echo(port);
        try (UdpRuntime runtime = UdpRuntime.of(echo, any6, kind); DatagramChannel client = client(V4)) {
            started(runtime);
            InetSocketAddress server = new InetSocketAddress(V4, port);
            client.send(ByteBuffer.wrap("hello".getBytes()), server);
            assertThat(receive(client, 1, server)).extracting(String::new).containsExactly("hello");
            assertThat(echo.sources.get(echo.sources.size() - 1)).isEqualTo(Endpoint.of((InetSocketAddress) client.getLocalAddress()));
        }
    }

    @ParameterizedTest
    @EnumSource(DatagramIo.Kind.class)
    void ipv6PeersAreSeenAndAnswered(DatagramIo.Kind kind) throws Exception {
        assumeUsable(kind);
        InetAddress v6 = InetAddress.getByName("::1");
        DatagramChannel client;
        try {
            client = client(v6);
        } catch (IOException e) {
            assumeTrue(false, "no IPv6 loopback on this machine: " + e.getMessage());
            return;
        }
        int port = LocalAddresses.freeUdpPort(v6);
        Echo echo = new Echo(port);
        try (client; UdpRuntime runtime = UdpRuntime.of(echo, v6, kind)) {
            started(runtime);
            InetSocketAddress server = new InetSocketAddress(v6, port);
            client.send(ByteBuffer.wrap("six".getBytes()), server);
            assertThat(receive(client, 1, server)).extracting(String::new).containsExactly("six");
            assertThat(echo.sources).containsExactly(Endpoint.of((InetSocketAddress) client.getLocalAddress()));
        }
    }

    @ParameterizedTest
    @EnumSource(DatagramIo.Kind.class)
    void anIpv6OnlyRuntimeAnswersIpv6AndNeverHearsIpv4(DatagramIo.Kind kind) throws Exception {
        assumeUsable(kind);
        InetAddress v6 = ipv6Loopback();
        int port = LocalAddresses.freeUdpPort(v6);
        Echo echo = new Echo(port);
        try (UdpRuntime runtime = UdpRuntime.of(echo, InetAddress.getByName("::"), kind).ipv6Only(true);
             DatagramChannel four = client(V4); DatagramChannel six = client(v6)) {
            started(runtime);
            four.send(ByteBuffer.wrap("four".getBytes()), new InetSocketAddress(V4, port));
            InetSocketAddress server = new InetSocketAddress(v6, port);
            six.send(ByteBuffer.wrap("six".getBytes()), server);
            assertThat(receive(six, 1, server)).extracting(String::new).containsExactly("six");
            Thread.sleep(200);
            assertThat(echo.sources).containsExactly(Endpoint.of((InetSocketAddress) six.getLocalAddress()));
        }
    }

    @ParameterizedTest
    @EnumSource(DatagramIo.Kind.class)
    void aLowHopLimitSendToIpv6KeepsItsPlaceAmongQueuedOnes(DatagramIo.Kind kind) throws Exception {
        assumeUsable(kind);
        InetAddress v6 = ipv6Loopback();
        int port = LocalAddresses.freeUdpPort(v6);
        try (UdpRuntime runtime = UdpRuntime.of(new Echo(port), v6, kind); DatagramChannel client = client(v6)) {
            started(runtime);
            InetSocketAddress server = new InetSocketAddress(v6, port);
            client.send(ByteBuffer.wrap("ttl".getBytes()), server);
            assertThat(receive(client, 3, server)).extracting(String::new).containsExactly("a", "b", "c");
            assertThat(runtime.stats().sendFailures()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(DatagramIo.Kind.class)
    void aBurstOfEqualDatagramsArrivesAsThatManyWholeDatagramsInOrder(DatagramIo.Kind kind) throws Exception {
        assumeUsable(kind);
        int port = LocalAddresses.freeUdpPort(V4);
        try (UdpRuntime runtime = UdpRuntime.of(new Echo(port), V4, kind); DatagramChannel client = client(V4)) {
            started(runtime);
            client.send(ByteBuffer.wrap("burst".getBytes()), new InetSocketAddress(V4, port));
            List<byte[]> got = receive(client, BURST, new InetSocketAddress(V4, port));
            for (int i = 0; i < BURST; i++) {
                assertThat(got.get(i)).as("datagram %d", i).isEqualTo(burstDatagram(i));
            }
            assertEventually("sent", () -> runtime.stats().sent(), BURST);
        }
    }

    /** A GSO run sent by one batched I/O arrives joined (GRO) at another and is cut back into exactly the datagrams sent. */
    @Test
    void joinedReceivesAreCutBackIntoTheDatagramsSent() throws Exception {
        assumeUsable(DatagramIo.Kind.BATCHED);
        List<byte[]> got = new ArrayList<>();
        List<Endpoint> from = new ArrayList<>();
        DatagramIo.SendResults ignore = new DatagramIo.SendResults() {
            @Override
            public void sent(int localPort, Endpoint to, byte[] payload) {
            }

            @Override
            public void failed() {
            }
        };
        BatchedDatagramIo sender = new BatchedDatagramIo(ignore, true);
        BatchedDatagramIo receiver = new BatchedDatagramIo(ignore, true);
        try (DatagramChannel out = DatagramChannel.open(); DatagramChannel in = DatagramChannel.open()) {
            out.bind(new InetSocketAddress(V4, 0));
            in.bind(new InetSocketAddress(V4, 0));
            in.configureBlocking(false);
            receiver.receive(in, (f, d) -> { }); // the first use asks the socket for GRO
            Endpoint to = Endpoint.of((InetSocketAddress) in.getLocalAddress());
            for (int i = 0; i < BURST; i++) {
                sender.send(out, 1, to, burstDatagram(i));
            }
            sender.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (got.size() < BURST && System.nanoTime() < deadline) {
                receiver.receive(in, (f, d) -> {
                    from.add(f);
                    got.add(d);
                });
            }
            assertThat(got).hasSize(BURST);
            for (int i = 0; i < BURST; i++) {
                assertThat(got.get(i)).as("datagram %d", i).isEqualTo(burstDatagram(i));
            }
            assertThat(from).containsOnly(Endpoint.of((InetSocketAddress) out.getLocalAddress()));
            assertThat(receiver.joinedEntries()).as("entries the kernel joined").isPositive();
        }
    }

    /** Where the kernel refuses GSO sends (here: SO_NO_CHECK makes it), every datagram still goes, one by one. */
    @Test
    void aRefusedGsoSendFallsBackToSingleDatagrams() throws Exception {
        assumeUsable(DatagramIo.Kind.BATCHED);
        List<byte[]> sent = new CopyOnWriteArrayList<>();
        List<Boolean> failed = new CopyOnWriteArrayList<>();
        BatchedDatagramIo io = new BatchedDatagramIo(new DatagramIo.SendResults() {
            @Override
            public void sent(int localPort, Endpoint to, byte[] payload) {
                sent.add(payload);
            }

            @Override
            public void failed() {
                failed.add(true);
            }
        }, true);
        try (DatagramChannel channel = DatagramChannel.open(); DatagramChannel client = client(V4)) {
            channel.bind(new InetSocketAddress(V4, 0));
            com.sun.jna.Memory one = new com.sun.jna.Memory(4);
            one.setInt(0, 1);
            LinuxSockets.setsockopt(SocketDescriptor.of(channel), LinuxSockets.SOL_SOCKET, 11 /* SO_NO_CHECK */, one, 4);
            Endpoint to = Endpoint.of((InetSocketAddress) client.getLocalAddress());
            for (int i = 0; i < 20; i++) {
                byte[] d = new byte[1000];
                Arrays.fill(d, (byte) i);
                io.send(channel, 1, to, d);
            }
            io.flush();
            assertThat(io.segmenting()).as("GSO given up").isFalse();
            assertThat(failed).isEmpty();
            assertThat(sent).hasSize(20);
            List<byte[]> got = receive(client, 20, (InetSocketAddress) channel.getLocalAddress());
            for (int i = 0; i < 20; i++) {
                assertThat(got.get(i)[0]).isEqualTo((byte) i);
            }
        }
    }

    /** Datagram {@code i} of a burst: filled with {@code i}, the last one shorter. */
    private static byte[] burstDatagram(int i) {
        byte[] d = new byte[i == BURST - 1 ? 333 : 1400];
        Arrays.fill(d, (byte) i);
        return d;
    }

    /**
     * The runtime counts a datagram sent once its system call returns, and over loopback the
     * datagram can reach the client before that: the count is awaited, not read at once.
     */
    private static void assertEventually(String what, LongSupplier count, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (count.getAsLong() != expected && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(count.getAsLong()).as(what).isEqualTo(expected);
    }

    /** ::1, or the test is skipped where the machine has no IPv6 loopback. */
    static InetAddress ipv6Loopback() throws IOException {
        InetAddress v6 = InetAddress.getByName("::1");
        try (DatagramChannel c = DatagramChannel.open()) {
            c.bind(new InetSocketAddress(v6, 0));
        } catch (IOException | UnsupportedOperationException e) {
            assumeTrue(false, "no IPv6 loopback on this machine: " + e.getMessage());
        }
        return v6;
    }

    private static void assumeUsable(DatagramIo.Kind kind) {
        assumeTrue(kind == DatagramIo.Kind.NIO || BatchedDatagramIo.supported(), "batched I/O needs 64-bit Linux");
    }

    private static DatagramChannel client(InetAddress address) throws IOException {
        DatagramChannel c = DatagramChannel.open();
        c.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        c.bind(new InetSocketAddress(address, 0));
        c.configureBlocking(false);
        return c;
    }

    /** Starts the runtime and waits until its node has bound its port (on the loop thread). */
    private static void started(UdpRuntime runtime) throws InterruptedException {
        runtime.start();
        CountDownLatch bound = new CountDownLatch(1);
        runtime.execute((now, out) -> bound.countDown());
        assertThat(bound.await(5, TimeUnit.SECONDS)).as("runtime started").isTrue();
    }

    private static List<byte[]> receive(DatagramChannel client, int count, InetSocketAddress from) throws Exception {
        List<byte[]> out = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.allocate(65_536);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (out.size() < count && System.nanoTime() < deadline) {
            buffer.clear();
            InetSocketAddress source = (InetSocketAddress) client.receive(buffer);
            if (source == null) {
                Thread.sleep(1);
                continue;
            }
            assertThat(source.getPort()).isEqualTo(from.getPort());
            buffer.flip();
            byte[] d = new byte[buffer.remaining()];
            buffer.get(d);
            out.add(d);
        }
        assertThat(out).as("datagrams echoed within 5 s").hasSize(count);
        return out;
    }
}
