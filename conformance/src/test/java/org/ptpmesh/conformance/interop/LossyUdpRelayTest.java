package org.ptpmesh.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transfer-loss relay on loopback: it loses about the share it is told to, the same datagrams for the same seed, and carries answers back. */
class LossyUdpRelayTest {

    private static final int COUNT = 1_000;
    /** Datagrams sent ahead of the relay and of the reader, well within a socket buffer. */
    private static final int IN_FLIGHT = 50;

    /** Sends COUNT numbered datagrams through a relay seeded {@code seed}; returns the numbers that arrived, in arrival order. */
    private static List<Integer> through(long seed, int lossPercent) throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(lo, 0));
             DatagramSocket sender = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            receiver.setSoTimeout(500);
            int front = LoopbackPorts.free(lo);
            int back = LoopbackPorts.free(lo);
            try (LossyUdpRelay relay = new LossyUdpRelay(new InetSocketAddress(lo, front), new InetSocketAddress(lo, back),
                    new InetSocketAddress(lo, receiver.getLocalPort()), lossPercent, seed)) {
                List<Integer> arrived = java.util.Collections.synchronizedList(new ArrayList<>());
                // read while sending: a socket buffer holds only a few hundred small datagrams
                Thread reader = new Thread(() -> {
                    byte[] buf = new byte[16];
                    try {
                        while (true) {
                            DatagramPacket p = new DatagramPacket(buf, buf.length);
                            receiver.receive(p);
                            arrived.add(ByteBuffer.wrap(p.getData(), 0, 4).getInt());
                        }
                    } catch (java.io.IOException quietOrClosed) {
                        // a timeout: everything the relay forwarded has arrived
                    }
                });
                reader.start();
                long deadline = System.nanoTime() + 30_000_000_000L;
                for (int i = 0; i < COUNT; i++) {
                    byte[] n = ByteBuffer.allocate(4).putInt(i).array();
                    sender.send(new DatagramPacket(n, 4, new InetSocketAddress(lo, front)));
                    awaitInFlightAtMost(relay, arrived, i + 1, deadline);
                }
                reader.join();
                assertThat(relay.dropped() + relay.forwarded()).as("every datagram is dropped or forwarded (twice when duplicated)")
                        .isGreaterThanOrEqualTo(COUNT);
                assertThat(relay.forwarded()).isEqualTo(arrived.size());
                return arrived;
            }
        }
    }

    /**
     * Waits until at most {@link #IN_FLIGHT} of the {@code sent} datagrams wait for the relay, and
     * as many of what it forwarded for the reader: on a busy machine either thread may not run for
     * a while, and a socket buffer that overflowed would lose datagrams the relay never saw. Past
     * {@code deadline} it waits no more, and what went missing shows in the assertions.
     */
    private static void awaitInFlightAtMost(LossyUdpRelay relay, List<Integer> arrived, int sent, long deadline)
            throws InterruptedException {
        while ((sent - relay.dropped() - relay.forwarded() > IN_FLIGHT || relay.forwarded() - arrived.size() > IN_FLIGHT)
                && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    @Test
    void dropsAboutTheShareItIsToldToTheSameForTheSameSeed() throws Exception {
        List<Integer> first = through(5, 5);
        List<Integer> again = through(5, 5);
        long distinct = first.stream().distinct().count();
        assertThat(COUNT - distinct).as("lost of %d at 5%%", COUNT).isBetween(25L, 80L);
        assertThat(first.size()).as("some datagrams arrive twice").isGreaterThan((int) distinct);
        assertThat(first).as("some arrive out of order").isNotEqualTo(first.stream().sorted().toList());
        assertThat(again).isEqualTo(first);
        assertThat(through(6, 5)).isNotEqualTo(first);
    }

    @Test
    void withoutLossEverythingArrivesAndAnswersComeBack() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        assertThat(through(1, 0).stream().distinct().count()).isEqualTo(COUNT);
        int front = LoopbackPorts.free(lo);
        int back = LoopbackPorts.free(lo);
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(lo, 0));
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(lo, 0));
             LossyUdpRelay relay = new LossyUdpRelay(new InetSocketAddress(lo, front), new InetSocketAddress(lo, back),
                     new InetSocketAddress(lo, server.getLocalPort()), 0, 1)) {
            server.setSoTimeout(2_000);
            client.setSoTimeout(2_000);
            client.send(new DatagramPacket(new byte[] {1}, 1, new InetSocketAddress(lo, front)));
            DatagramPacket request = new DatagramPacket(new byte[8], 8);
            server.receive(request);
            assertThat(request.getPort()).as("the target sees the relay's back socket").isEqualTo(back);
            server.send(new DatagramPacket(new byte[] {42}, 1, request.getSocketAddress()));
            DatagramPacket answer = new DatagramPacket(new byte[8], 8);
            client.receive(answer);
            assertThat(answer.getData()[0]).isEqualTo((byte) 42);
            assertThat(answer.getPort()).as("the client sees the answer come from where it sent").isEqualTo(front);
        }
        assertThatThrownBy(() -> new LossyUdpRelay(new InetSocketAddress(lo, 0), new InetSocketAddress(lo, 0),
                new InetSocketAddress(lo, 9), 101, 1)).hasMessageContaining("loss must be 0-100 %");
    }
}
