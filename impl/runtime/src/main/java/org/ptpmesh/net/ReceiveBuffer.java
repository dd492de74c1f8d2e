package org.ptpmesh.net;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.Optional;

/**
 * The UDP receive buffer the kernel grants the runtime's sockets. The runtime asks for
 * {@value UdpRuntime#SOCKET_BUFFER} bytes, and Linux grants at most {@code net.core.rmem_max},
 * which is 212,992 bytes on a stock Debian (it doubles the figure for its own bookkeeping, and
 * Java reports it undoubled, as it was asked for). A bulk receiver keeps its window within what
 * the buffer holds: between two network namespaces, a lossless 512 MiB transfer into a stock
 * buffer lost 209,000-256,000 of its 397,000 blocks in it before the window took the buffer into
 * account (docs/transfer.md).
 */
public final class ReceiveBuffer {

    /**
     * Bytes Linux charges a receive buffer for one datagram of about 1,400 bytes: 4,464 on a
     * veth (measured, the buffer's bytes over the datagrams queued in it). Drivers that receive
     * into 2 KiB buffers charge about half; the figure errs toward a smaller window there.
     */
    static final int CHARGED_BYTES_PER_DATAGRAM = 4_464;

    private ReceiveBuffer() {
    }

    /**
     * Full-size datagrams a buffer of {@code grantedBytes} (as {@link #granted} reads it) holds:
     * Linux doubles the granted figure for its bookkeeping and charges each datagram its
     * {@value #CHARGED_BYTES_PER_DATAGRAM} bytes against that.
     */
    public static int datagrams(int grantedBytes) {
        return (int) Math.max(1, 2L * grantedBytes / CHARGED_BYTES_PER_DATAGRAM);
    }

    /** The bytes the kernel grants a UDP socket that asks for what the runtime asks for. */
    public static int granted() throws IOException {
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.setOption(StandardSocketOptions.SO_RCVBUF, UdpRuntime.SOCKET_BUFFER);
            return probe.getOption(StandardSocketOptions.SO_RCVBUF);
        }
    }

    /** What to tell a user whose kernel granted {@code grantedBytes}, or nothing if that is enough. */
    public static Optional<String> advice(int grantedBytes) {
        if (grantedBytes >= UdpRuntime.SOCKET_BUFFER) {
            return Optional.empty();
        }
        return Optional.of("the kernel granted a UDP receive buffer of " + grantedBytes / 1024 + " KiB, against the "
                + UdpRuntime.SOCKET_BUFFER / 1024 + " KiB asked for: transfers keep what they request within it,"
                + " which holds a fast link back; raise the limit (as root) with: sysctl -w net.core.rmem_max="
                + UdpRuntime.SOCKET_BUFFER);
    }
}
