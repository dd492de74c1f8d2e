package org.ptpmesh.net;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.ptpmesh.wire.Endpoint;

/**
 * A raw IPv4 socket (root only) that sends UDP datagrams with any source address: how a forger
 * makes a server answer someone else. {@link #open} returns null where raw sockets are refused.
 */
final class RawUdp implements AutoCloseable {

    private interface LibC extends Library {
        int socket(int domain, int type, int protocol);

        int sendto(int fd, byte[] buffer, int length, int flags, byte[] address, int addressLength);

        int close(int fd);
    }

    private static final int AF_INET = 2;
    private static final int SOCK_RAW = 3;
    /** IPPROTO_RAW: the datagram starts with its own IP header (IP_HDRINCL). */
    private static final int IPPROTO_RAW = 255;

    private final LibC libc;
    private final int fd;

    private RawUdp(LibC libc, int fd) {
        this.libc = libc;
        this.fd = fd;
    }

    /** A raw socket, or null when this process may not open one (not root, no CAP_NET_RAW). */
    static RawUdp open() {
        try {
            LibC libc = Native.load("c", LibC.class);
            int fd = libc.socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
            return fd < 0 ? null : new RawUdp(libc, fd);
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
    }

    /** Sends {@code payload} in a UDP datagram from {@code from} (forged) to {@code to}, both IPv4. */
    void send(Endpoint from, Endpoint to, byte[] payload) throws IOException {
        int total = 20 + 8 + payload.length;
        ByteBuffer b = ByteBuffer.allocate(total);
        // IPv4 header: the kernel fills in the checksum (and an id left 0)
        b.put((byte) 0x45).put((byte) 0).putShort((short) total).putShort((short) 0).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0)
                .put(from.address().getAddress()).put(to.address().getAddress());
        // UDP header, checksum 0: none, which IPv4 allows
        b.putShort((short) from.port()).putShort((short) to.port()).putShort((short) (8 + payload.length)).putShort((short) 0)
                .put(payload);
        ByteBuffer sin = ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort((short) AF_INET)
                .order(java.nio.ByteOrder.BIG_ENDIAN).putShort((short) to.port()).put(to.address().getAddress());
        if (libc.sendto(fd, b.array(), total, 0, sin.array(), 16) != total) {
            throw new IOException("raw sendto failed, errno " + Native.getLastError());
        }
    }

    @Override
    public void close() {
        libc.close(fd);
    }
}
