package org.ptpmesh.transfer;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A UDP relay on loopback for tests that puts real sockets through a bad network: it forwards
 * whatever reaches it to {@code server}, and the server's answers to the last client that sent,
 * dropping, duplicating and delaying (so reordering) datagrams at seeded random.
 */
final class LossyUdpProxy implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final double loss;
    private final double duplication;
    private final double delay;
    private final Random random;
    private final ScheduledExecutorService delayed = Executors.newSingleThreadScheduledExecutor();
    private final Thread thread;
    private volatile SocketAddress client;
    private volatile boolean blackHole;
    private final java.util.concurrent.atomic.AtomicInteger corruptLeft = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.List<Long> corrupted = new java.util.concurrent.CopyOnWriteArrayList<>();

    LossyUdpProxy(InetSocketAddress server, double loss, double duplication, double delay, long seed) throws SocketException {
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.socket.setReceiveBufferSize(4 << 20);
        this.server = server;
        this.loss = loss;
        this.duplication = duplication;
        this.delay = delay;
        this.random = new Random(seed);
        this.thread = new Thread(this::run, "lossy-proxy");
        thread.setDaemon(true);
        thread.start();
    }

    /** Where clients send to reach the server through the proxy. */
    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    /** While on, every datagram is dropped: an end that vanished. */
    void blackHole(boolean on) {
        blackHole = on;
    }

    /**
     * The next {@code count} BLOCKs toward the server get one payload byte changed, and their
     * checksum made right again: damage the checksum missed, which only the hash tree catches.
     */
    void corruptBlocks(int count) {
        corruptLeft.set(count);
    }

    /** The numbers of the blocks corrupted so far. */
    java.util.List<Long> corrupted() {
        return corrupted;
    }

    private byte[] maybeCorrupt(byte[] datagram) {
        if (corruptLeft.get() <= 0 || !(org.ptpmesh.wire.Codec.decode(datagram) instanceof org.ptpmesh.wire.DecodeResult.Decoded d)
                || d.message().kind() != org.ptpmesh.wire.MessageKind.BLOCK || d.message().payload().length < 10
                || corruptLeft.getAndDecrement() <= 0) {
            return datagram;
        }
        corrupted.add(d.message().uint(org.ptpmesh.wire.TlvTypes.BLOCKNUM).orElseThrow());
        datagram[datagram.length - 5] ^= 0x20;
        int sum = org.ptpmesh.wire.Checksum.compute(datagram, 0, datagram.length - 2);
        datagram[datagram.length - 2] = (byte) (sum >>> 8);
        datagram[datagram.length - 1] = (byte) sum;
        return datagram;
    }

    private void run() {
        byte[] buf = new byte[65_536];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                return;
            }
            SocketAddress to;
            if (p.getSocketAddress().equals(server)) {
                to = client;
            } else {
                client = p.getSocketAddress();
                to = server;
            }
            if (to == null || blackHole || random.nextDouble() < loss) {
                continue;
            }
            byte[] copy = java.util.Arrays.copyOf(p.getData(), p.getLength());
            if (to == server) {
                copy = maybeCorrupt(copy);
            }
            int copies = random.nextDouble() < duplication ? 2 : 1;
            byte[] out = copy;
            for (int i = 0; i < copies; i++) {
                if (random.nextDouble() < delay) {
                    delayed.schedule(() -> send(out, to), 5, TimeUnit.MILLISECONDS);
                } else {
                    send(out, to);
                }
            }
        }
    }

    private void send(byte[] data, SocketAddress to) {
        try {
            socket.send(new DatagramPacket(data, data.length, to));
        } catch (IOException e) {
            // closing: the datagram is lost, as on a network
        }
    }

    @Override
    public void close() {
        socket.close();
        delayed.shutdownNow();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
