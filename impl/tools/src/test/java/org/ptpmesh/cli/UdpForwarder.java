package org.ptpmesh.cli;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A UDP forwarder on 127.0.0.1 between a client (whoever writes to its front port) and a target:
 * what sits on a path, and sees, withholds, alters and adds datagrams there. What the client
 * sends goes through {@code toTarget} (the datagrams it returns go on, in order); the target's
 * answers go back unchanged.
 */
final class UdpForwarder implements AutoCloseable {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final DatagramSocket front;
    private final DatagramSocket back;
    private final InetSocketAddress target;
    private final Function<byte[], List<byte[]>> toTarget;
    private volatile SocketAddress client;
    private final Thread up;
    private final Thread down;

    UdpForwarder(InetSocketAddress target, Function<byte[], List<byte[]>> toTarget) throws SocketException {
        this.front = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        this.back = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        this.target = target;
        this.toTarget = toTarget;
        this.up = new Thread(this::forwardUp, "forwarder-up");
        this.down = new Thread(this::forwardDown, "forwarder-down");
        up.start();
        down.start();
    }

    /** The port a client sends to. */
    int port() {
        return front.getLocalPort();
    }

    InetSocketAddress target() {
        return target;
    }

    /** Sends {@code datagram} to the target from the address the client's datagrams come from. */
    void inject(byte[] datagram) throws IOException {
        back.send(new DatagramPacket(datagram, datagram.length, target));
    }

    private void forwardUp() {
        byte[] buf = new byte[2048];
        try {
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                front.receive(p);
                client = p.getSocketAddress();
                for (byte[] d : toTarget.apply(Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength()))) {
                    back.send(new DatagramPacket(d, d.length, target));
                }
            }
        } catch (IOException closed) {
            // close() ends the loop
        }
    }

    private void forwardDown() {
        byte[] buf = new byte[2048];
        try {
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                back.receive(p);
                SocketAddress to = client;
                if (to != null) {
                    front.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), to));
                }
            }
        } catch (IOException closed) {
            // close() ends the loop
        }
    }

    @Override
    public void close() throws InterruptedException {
        front.close();
        back.close();
        up.join(5_000);
        down.join(5_000);
    }
}
