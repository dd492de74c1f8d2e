package org.ptpmesh.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.ptpmesh.wire.Endpoint;

/** One NIO call per datagram: works everywhere Java does. */
final class NioDatagramIo implements DatagramIo {

    /** Datagrams read from one socket per call, so a flood cannot starve timers. */
    private static final int BATCH = 64;
    /** Larger than any datagram, so an oversize one is seen (and refused) whole, not cut. */
    private static final int BUFFER = 65_536;

    private final SendResults results;
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(BUFFER);
    /** Sends go through one direct buffer: a heap buffer would be copied into a temporary one. */
    private final ByteBuffer sendBuffer = ByteBuffer.allocateDirect(BUFFER);

    NioDatagramIo(SendResults results) {
        this.results = results;
    }

    @Override
    public void receive(DatagramChannel channel, Receiver receiver) {
        for (int i = 0; i < BATCH; i++) {
            receiveBuffer.clear();
            InetSocketAddress from;
            try {
                from = (InetSocketAddress) channel.receive(receiveBuffer);
            } catch (IOException e) {
                // ICMP errors surface here on some systems (port unreachable); the socket lives on
                continue;
            }
            if (from == null) {
                return;
            }
            receiveBuffer.flip();
            byte[] data = new byte[receiveBuffer.remaining()];
            receiveBuffer.get(data);
            receiver.datagram(Endpoint.of(from), data);
        }
    }

    @Override
    public void send(DatagramChannel channel, int localPort, Endpoint to, byte[] payload) {
        try {
            sendBuffer.clear();
            sendBuffer.put(payload).flip();
            if (channel.send(sendBuffer, to.toSocketAddress()) == 0) {
                results.failed();
            } else {
                results.sent(localPort, to, payload);
            }
        } catch (IOException | RuntimeException e) {
            results.failed();
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void closing(DatagramChannel channel) {
    }
}
