package org.ptpmesh.net;

import java.nio.channels.DatagramChannel;
import org.ptpmesh.wire.Endpoint;

/**
 * How a {@link UdpRuntime} moves datagrams between its non-blocking channels and its node:
 * one system call per datagram through NIO ({@link NioDatagramIo}), or many per call on Linux
 * ({@link BatchedDatagramIo}). Used only on the runtime's loop thread.
 */
interface DatagramIo {

    /** Receives the datagrams one {@link #receive} call reads. */
    interface Receiver {
        void datagram(Endpoint from, byte[] payload);
    }

    /** Told the fate of every datagram given to {@link #send}, once it is known. */
    interface SendResults {
        void sent(int localPort, Endpoint to, byte[] payload);

        void failed();
    }

    /** Hands the datagrams waiting on {@code channel} to {@code receiver}: at most one batch, so timers get their turn. */
    void receive(DatagramChannel channel, Receiver receiver);

    /** Sends {@code payload} now or queues it until {@link #flush}; the order of sends is kept. */
    void send(DatagramChannel channel, int localPort, Endpoint to, byte[] payload);

    /** Sends whatever is queued. The runtime calls it before it waits and after each batch it received. */
    void flush();

    /** {@code channel} is about to be closed: nothing queued for it may be left behind. */
    void closing(DatagramChannel channel);

    /** The kinds there are, and the one this platform prefers. */
    enum Kind {
        NIO, BATCHED;

        /** BATCHED where the system calls are there, unless {@code -Dptpmesh.udp.io=nio} asks for NIO. */
        static Kind preferred() {
            boolean batched = BatchedDatagramIo.supported() && !"nio".equalsIgnoreCase(System.getProperty("ptpmesh.udp.io"));
            return batched ? BATCHED : NIO;
        }

        DatagramIo create(SendResults results) {
            return this == BATCHED ? new BatchedDatagramIo(results) : new NioDatagramIo(results);
        }
    }
}
