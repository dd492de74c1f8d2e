package org.ptpmesh.net;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.nio.channels.DatagramChannel;
import java.util.IdentityHashMap;
import java.util.Map;
import org.ptpmesh.wire.Endpoint;

/**
 * Many datagrams per system call on Linux: a ready socket is drained with one
 * {@code recvmmsg} of up to {@value #BATCH} datagrams, and what the node sends meanwhile is
 * queued and leaves in one {@code sendmmsg} (at the runtime's next flush, when the queue is
 * full, or when a send is for another socket, which keeps the order of sends). A bulk transfer
 * moves hundreds of thousands of datagrams a second, and one call each was most of its cost.
 */
final class BatchedDatagramIo implements DatagramIo {

    static final int BATCH = 64;

    /** A channel's descriptor and whether it is an IPv6 (dual-stack) socket, looked up once. */
    private record NativeSocket(int fd, boolean ipv6) {
    }

    private final SendResults results;
    private final NioDatagramIo fallback;
    private final MessageVector incoming = new MessageVector(BATCH);
    private final MessageVector outgoing = new MessageVector(BATCH);
    private final int[] queuedPorts = new int[BATCH];
    private final Endpoint[] queuedDestinations = new Endpoint[BATCH];
    private final byte[][] queuedPayloads = new byte[BATCH][];
    private final Map<DatagramChannel, NativeSocket> sockets = new IdentityHashMap<>();
    private NativeSocket queuedFor;
    private int queued;

    BatchedDatagramIo(SendResults results) {
        this.results = results;
        this.fallback = new NioDatagramIo(results);
    }

    static boolean supported() {
        return LinuxSockets.AVAILABLE && SocketDescriptor.reachable();
    }

    @Override
    public void receive(DatagramChannel channel, Receiver receiver) {
        NativeSocket socket = socket(channel);
        incoming.prepareReceive();
        int count;
        try {
            count = LinuxSockets.recvmmsg(socket.fd(), incoming.entry(0), BATCH,
                    LinuxSockets.MSG_DONTWAIT | LinuxSockets.MSG_TRUNC, null);
        } catch (LastErrorException e) {
            // nothing waiting (EAGAIN), or a pending socket error (an ICMP report), which the
            // call has consumed: either way the socket lives on and the selector asks again
            return;
        }
        for (int i = 0; i < count; i++) {
            Endpoint from = incoming.source(i);
            if (from != null) {
                receiver.datagram(from, incoming.payload(i));
            }
        }
    }

    @Override
    public void send(DatagramChannel channel, int localPort, Endpoint to, byte[] payload) {
        NativeSocket socket = socket(channel);
        if (queuedFor != null && queuedFor != socket) {
            flush();
        }
        if (payload.length > MessageVector.SLOT) {
            flush();
            fallback.send(channel, localPort, to, payload);
            return;
        }
        if (!outgoing.put(queued, to, payload, socket.ipv6())) {
            results.failed();
            return;
        }
        queuedFor = socket;
        queuedPorts[queued] = localPort;
        queuedDestinations[queued] = to;
        queuedPayloads[queued] = payload;
        if (++queued == BATCH) {
            flush();
        }
    }

    @Override
    public void flush() {
        int done = 0;
        while (done < queued) {
            int count;
            try {
                count = LinuxSockets.sendmmsg(queuedFor.fd(), outgoing.entry(done), queued - done, LinuxSockets.MSG_DONTWAIT);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LinuxSockets.EINTR) {
                    continue;
                }
                // the first datagram left was refused (a full buffer, no route): it is counted
                // and the rest still go, as they would one by one
                results.failed();
                done++;
                continue;
            }
            for (int i = done; i < done + count; i++) {
                results.sent(queuedPorts[i], queuedDestinations[i], queuedPayloads[i]);
            }
            done += count;
        }
        for (int i = 0; i < queued; i++) {
            queuedDestinations[i] = null;
            queuedPayloads[i] = null;
        }
        queued = 0;
        queuedFor = null;
    }

    @Override
    public void closing(DatagramChannel channel) {
        flush();
        sockets.remove(channel);
    }

    private NativeSocket socket(DatagramChannel channel) {
        NativeSocket socket = sockets.get(channel);
        if (socket == null) {
            int fd = SocketDescriptor.of(channel);
            socket = new NativeSocket(fd, family(fd) == LinuxSockets.AF_INET6);
            sockets.put(channel, socket);
        }
        return socket;
    }

    private static int family(int fd) {
        Memory value = new Memory(4);
        Memory length = new Memory(4);
        length.setInt(0, 4);
        LinuxSockets.getsockopt(fd, LinuxSockets.SOL_SOCKET, LinuxSockets.SO_DOMAIN, value, length);
        return value.getInt(0);
    }
}
