package org.ptpmesh.cli;

import java.util.function.Consumer;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.DropCounters;
import org.ptpmesh.node.DropReason;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.wire.Endpoint;

/**
 * Between the session layer and a transfer node: passes what was opened from a session, and a
 * plain datagram only when the command takes plain (legacy) transfers. The session layer hands
 * plain datagrams through, and a transfer's ids and route are no secret, so without this anyone
 * could end a sealed transfer with a plain CANCEL or DONE from a forged source, or feed it plain
 * BLOCKs.
 */
final class SealedOnly implements Node {

    /** Why a plain datagram went no further. */
    enum Drop implements DropReason {
        /** A plain datagram to a node that takes sealed ones only. */
        NOT_SEALED("not_sealed");

        private final String label;

        Drop(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }
    }

    private final Node inner;
    private final boolean takesPlain;
    /** Told of the first plain datagram dropped, so a user whose legacy sender gets no answer learns why; once, whatever a stranger sends. */
    private final Consumer<Endpoint> firstRefusal;
    private final DropCounters drops = new DropCounters();

    SealedOnly(Node inner, boolean takesPlain, Consumer<Endpoint> firstRefusal) {
        this.inner = inner;
        this.takesPlain = takesPlain;
        this.firstRefusal = firstRefusal;
    }

    /** The plain datagrams dropped ({@code not_sealed}). */
    DropCounters drops() {
        return drops;
    }

    @Override
    public void start(long now, Effects out) {
        inner.start(now, out);
    }

    @Override
    public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        onMessage(localPort, from, new DecodedDatagram().decode(data), now, out);
    }

    @Override
    public void onMessage(int localPort, Endpoint from, DecodedDatagram datagram, long now, Effects out) {
        if (datagram.authenticatedKey() != null || takesPlain) {
            inner.onMessage(localPort, from, datagram, now, out);
            return;
        }
        if (drops.total() == 0) {
            firstRefusal.accept(from);
        }
        drops.count(Drop.NOT_SEALED);
    }

    @Override
    public void onTimer(TimerKey key, long now, Effects out) {
        inner.onTimer(key, now, out);
    }
}
