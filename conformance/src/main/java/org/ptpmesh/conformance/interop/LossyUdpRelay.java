package org.ptpmesh.conformance.interop;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP forwarder on loopback that impairs what it carries, for transfer-loss: a client sends to
 * its front socket, it forwards to the target from its back socket, and answers from the target
 * go back to the last client. Each direction drops {@code lossPercent}% of datagrams, sends 1%
 * twice and holds back 1% until the next one has gone (reordering), decided by a seeded random
 * generator, so a run's impairments are reproducible. Both sockets are on fixed ports so the
 * case's capture records both legs.
 */
final class LossyUdpRelay implements AutoCloseable {

    private static final int MAX_DATAGRAM = 65_535;
    private static final int POLL_MILLIS = 100;
    private static final int DUPLICATE_PERCENT = 1;
    private static final int REORDER_PERCENT = 1;

    private final DatagramSocket front;
    private final DatagramSocket back;
    private final SocketAddress target;
    private final int lossPercent;
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread toTarget;
    private final Thread toClient;
    private volatile SocketAddress client;
    private volatile boolean running = true;

    /**
     * @param front  where clients send (bound now)
     * @param back   the local address it forwards from (bound now)
     * @param target where it forwards to
     * @param seed   the seed of the impairment decisions
     */
    LossyUdpRelay(InetSocketAddress front, InetSocketAddress back, InetSocketAddress target, int lossPercent, long seed)
            throws SocketException {
        if (lossPercent < 0 || lossPercent > 100) {
            throw new IllegalArgumentException("loss must be 0-100 %, got " + lossPercent);
        }
        this.front = new DatagramSocket(front);
        this.back = new DatagramSocket(back);
        this.target = target;
        this.lossPercent = lossPercent;
        this.front.setSoTimeout(POLL_MILLIS);
        this.back.setSoTimeout(POLL_MILLIS);
        this.toTarget = pump(this.front, this.back, true, new Random(seed));
        this.toClient = pump(this.back, this.front, false, new Random(seed + 1));
    }

    private Thread pump(DatagramSocket in, DatagramSocket out, boolean fromClient, Random random) {
        Thread t = new Thread(() -> forward(in, out, fromClient, random), "ptpconform-loss-relay-" + (fromClient ? "out" : "back"));
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void forward(DatagramSocket in, DatagramSocket out, boolean fromClient, Random random) {
        byte[] buffer = new byte[MAX_DATAGRAM];
        DatagramPacket held = null;
        while (running) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                in.receive(p);
            } catch (SocketTimeoutException quiet) {
                continue;
            } catch (IOException closed) {
                return;
            }
            if (fromClient) {
                client = p.getSocketAddress();
            }
            SocketAddress to = fromClient ? target : client;
            if (to == null) {
                continue; // an answer before any client spoke: nobody to give it to
            }
            DatagramPacket copy = new DatagramPacket(Arrays.copyOf(p.getData(), p.getLength()), p.getLength(), to);
            int roll = random.nextInt(100);
            try {
                if (roll < lossPercent) {
                    dropped.incrementAndGet();
                } else if (roll < lossPercent + REORDER_PERCENT && held == null) {
                    held = copy;
                } else {
                    send(out, copy, roll < lossPercent + REORDER_PERCENT + DUPLICATE_PERCENT ? 2 : 1);
                    if (held != null) {
                        send(out, held, 1);
                        held = null;
                    }
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void send(DatagramSocket out, DatagramPacket p, int times) throws IOException {
        for (int i = 0; i < times; i++) {
            out.send(p);
            forwarded.incrementAndGet();
        }
    }

    long dropped() {
        return dropped.get();
    }

    long forwarded() {
        return forwarded.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        toTarget.join(2 * POLL_MILLIS + 1_000);
        toClient.join(2 * POLL_MILLIS + 1_000);
        front.close();
        back.close();
    }
}
