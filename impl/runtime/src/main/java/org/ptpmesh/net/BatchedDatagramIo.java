package org.ptpmesh.net;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.nio.channels.DatagramChannel;
import java.util.IdentityHashMap;
import java.util.Map;
import org.ptpmesh.wire.Endpoint;

/**
 * Many datagrams per system call on Linux: a ready socket is drained with one
 * {@code recvmmsg} of up to {@value #BATCH} entries, and what the node sends meanwhile is
 * queued and leaves in one {@code sendmmsg} (at the runtime's next flush, when the queue is
 * full, or when a send is for another socket, which keeps the order of sends).
 *
 * <p>Segmentation offload on top (docs/runtime.md): a run of queued datagrams of one size to
 * one destination (a burst of BLOCKs) leaves as one UDP GSO send, and sockets ask for UDP GRO,
 * so such a run arrives as one entry that is cut back into its datagrams here. On a fast path
 * the kernel's work per datagram, not the number of calls, was most of what a datagram cost.
 * Where the kernel refuses a GSO send, the runtime stops using GSO and sends the run datagram by
 * datagram.
 */
final class BatchedDatagramIo implements DatagramIo {

    static final int BATCH = 64;
    /** Datagrams in one GSO send: the kernel takes at most 64 on older versions. */
    private static final int MAX_SEGMENTS = 64;
    /** Bytes in one GSO send: what one UDP datagram over IPv4 can carry. */
    private static final int MAX_SEGMENTED_BYTES = 65_507;

    /** A channel's descriptor and whether it is an IPv6 (dual-stack) socket, looked up once. */
    private record NativeSocket(int fd, boolean ipv6) {
    }

    private final SendResults results;
    private final NioDatagramIo fallback;
    private final MessageVector incoming = new MessageVector(BATCH, MessageVector.RECEIVE_SLOT);
    private final MessageVector outgoing = new MessageVector(BATCH, MessageVector.SEND_SLOT);
    private final SegmentVector runs = new SegmentVector(BATCH);
    private final int[] runFirst = new int[BATCH];
    private final int[] runCount = new int[BATCH];
    private final int[] queuedPorts = new int[BATCH];
    private final Endpoint[] queuedDestinations = new Endpoint[BATCH];
    private final byte[][] queuedPayloads = new byte[BATCH][];
    private final Map<DatagramChannel, NativeSocket> sockets = new IdentityHashMap<>();
    private final boolean receiveJoined;
    private boolean sendJoined;
    private NativeSocket queuedFor;
    private int queued;
    private long joinedEntries;

    BatchedDatagramIo(SendResults results) {
        this(results, !"false".equalsIgnoreCase(System.getProperty("ptpmesh.udp.gso")));
    }

    /** @param offload whether to use UDP GSO and GRO ({@code -Dptpmesh.udp.gso=false} turns them off) */
    BatchedDatagramIo(SendResults results, boolean offload) {
        this.results = results;
        this.fallback = new NioDatagramIo(results);
        this.receiveJoined = offload;
        this.sendJoined = offload;
    }

    static boolean supported() {
        return LinuxSockets.AVAILABLE && SocketDescriptor.reachable();
    }

    /** Received entries that held several datagrams joined by the kernel (GRO). */
    long joinedEntries() {
        return joinedEntries;
    }

    /** Whether sends still go out as GSO runs (false once the kernel refused one). */
    boolean segmenting() {
        return sendJoined;
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
            if (from == null) {
                continue;
            }
            int length = incoming.length(i);
            int segment = incoming.segmentSize(i);
            if (segment <= 0 || segment >= length) {
                receiver.datagram(from, incoming.payload(i));
                continue;
            }
            joinedEntries++;
            for (int offset = 0; offset < length; offset += segment) {
                receiver.datagram(from, incoming.payload(i, offset, Math.min(segment, length - offset)));
            }
        }
    }

    @Override
    public void send(DatagramChannel channel, int localPort, Endpoint to, byte[] payload) {
        NativeSocket socket = socket(channel);
        if (queuedFor != null && queuedFor != socket) {
            flush();
        }
        if (payload.length > MessageVector.SEND_SLOT) {
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
        if (queued > 0) {
            if (sendJoined) {
                sendRuns();
            } else {
                sendEach(0, queued);
            }
        }
        for (int i = 0; i < queued; i++) {
            queuedDestinations[i] = null;
            queuedPayloads[i] = null;
        }
        queued = 0;
        queuedFor = null;
    }

    /** Queued datagrams {@code from} to {@code to - 1}, one mmsghdr each. */
    private void sendEach(int from, int to) {
        int done = from;
        while (done < to) {
            int count;
            try {
                count = LinuxSockets.sendmmsg(queuedFor.fd(), outgoing.entry(done), to - done, LinuxSockets.MSG_DONTWAIT);
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
            reportSent(done, done + count);
            done += count;
        }
    }

    /** The queue as runs of one destination and one size, one GSO send each. */
    private void sendRuns() {
        int runCountTotal = 0;
        for (int i = 0; i < queued; ) {
            int size = queuedPayloads[i].length;
            int total = size;
            int j = i + 1;
            while (j < queued && j - i < MAX_SEGMENTS && queuedPayloads[j].length <= size
                    && total + queuedPayloads[j].length <= MAX_SEGMENTED_BYTES && queuedDestinations[j].equals(queuedDestinations[i])) {
                total += queuedPayloads[j].length;
                j++;
                if (queuedPayloads[j - 1].length < size) {
                    break; // only the last datagram of a run may be shorter
                }
            }
            runs.set(runCountTotal, outgoing, i, j - i, size);
            runFirst[runCountTotal] = i;
            runCount[runCountTotal] = j - i;
            runCountTotal++;
            i = j;
        }
        int done = 0;
        while (done < runCountTotal) {
            int sent;
            try {
                sent = LinuxSockets.sendmmsg(queuedFor.fd(), runs.entry(done), runCountTotal - done, LinuxSockets.MSG_DONTWAIT);
            } catch (LastErrorException e) {
                int errno = e.getErrorCode();
                if (errno == LinuxSockets.EINTR) {
                    continue;
                }
                int first = runFirst[done];
                if (runCount[done] > 1 && errno != LinuxSockets.EAGAIN && errno != LinuxSockets.ENOBUFS) {
                    // this kernel or route does not take GSO sends: from now on datagram by datagram
                    sendJoined = false;
                    sendEach(first, queued);
                    return;
                }
                // a full buffer, or a single datagram refused: each goes (or fails) on its own
                sendEach(first, first + runCount[done]);
                done++;
                continue;
            }
            for (int r = done; r < done + sent; r++) {
                reportSent(runFirst[r], runFirst[r] + runCount[r]);
            }
            done += sent;
        }
    }

    private void reportSent(int from, int to) {
        for (int i = from; i < to; i++) {
            results.sent(queuedPorts[i], queuedDestinations[i], queuedPayloads[i]);
        }
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
            if (receiveJoined) {
                askForJoinedReceives(fd);
            }
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

    /** UDP_GRO: a run sent with GSO arrives as one entry (cut up in {@link #receive}). Best effort. */
    private static void askForJoinedReceives(int fd) {
        Memory on = new Memory(4);
        on.setInt(0, 1);
        try {
            LinuxSockets.setsockopt(fd, LinuxSockets.SOL_UDP, LinuxSockets.UDP_GRO, on, 4);
        } catch (LastErrorException e) {
            // an older kernel: datagrams arrive one by one, as they would anyway
        }
    }
}
