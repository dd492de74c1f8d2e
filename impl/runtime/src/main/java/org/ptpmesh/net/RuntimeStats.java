package org.ptpmesh.net;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the UDP runtime itself counts, readable from any thread: datagrams in and out, sends the
 * kernel refused, and exceptions a node threw (each one caught, counted and survived).
 */
public final class RuntimeStats {

    final AtomicLong received = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong sendFailures = new AtomicLong();
    final AtomicLong nodeErrors = new AtomicLong();

    public long received() {
        return received.get();
    }

    public long sent() {
        return sent.get();
    }

    public long sendFailures() {
        return sendFailures.get();
    }

    public long nodeErrors() {
        return nodeErrors.get();
    }
}
