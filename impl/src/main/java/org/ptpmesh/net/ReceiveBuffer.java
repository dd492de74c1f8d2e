package org.ptpmesh.net;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.Optional;

/**
 * The UDP receive buffer the kernel grants the runtime's sockets. The runtime asks for
 * {@value UdpRuntime#SOCKET_BUFFER} bytes, and Linux grants at most {@code net.core.rmem_max},
 * which is 212,992 bytes on a stock Debian (it doubles the figure for its own bookkeeping, and
 * Java reports it undoubled, as it was asked for). A bulk receiver
 * whose buffer is that small loses most of a fast sender's window in it whenever it is the
 * slower end, and every lost block is sent again: between two network namespaces a lossless
 * 512 MiB transfer asked again for 209,000-256,000 of its 397,000 blocks (docs/transfer.md).
 */
public final class ReceiveBuffer {

    private ReceiveBuffer() {
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
                + UdpRuntime.SOCKET_BUFFER / 1024 + " KiB asked for: a fast sender will overflow it and its blocks"
                + " will be sent again; raise the limit (as root) with: sysctl -w net.core.rmem_max="
                + UdpRuntime.SOCKET_BUFFER);
    }
}
