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
            int copies = random.nextDouble() < duplication ? 2 : 1;
            for (int i = 0; i < copies; i++) {
                if (random.nextDouble() < delay) {
                    delayed.schedule(() -> send(copy, to), 5, TimeUnit.MILLISECONDS);
                } else {
                    send(copy, to);
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
