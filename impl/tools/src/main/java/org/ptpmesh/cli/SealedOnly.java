package org.ptpmesh.cli;

import java.util.function.BiPredicate;
import java.util.function.Consumer;
import org.ptpmesh.compose.ForwardingNode;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.DropCounters;
import org.ptpmesh.node.DropReason;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.wire.Endpoint;

/**
 * Between the session layer and a transfer node: passes what was opened from a session, and a
 * plain datagram only when the command takes plain (legacy) transfers, and then never from the
 * route (local port and address) of a sealed session. The session layer hands plain datagrams
 * through, and a transfer's ids and route are no secret, so without this anyone could end a
 * sealed transfer with a plain CANCEL or DONE from a forged source, or feed it plain BLOCKs.
 */
final class SealedOnly extends ForwardingNode {

    /** Why a plain datagram went no further. */
    enum Drop implements DropReason {
        /** A plain datagram to a node that takes sealed ones only. */
        NOT_SEALED("not_sealed"),
        /** A plain datagram from the route of a sealed session, to a node that takes plain ones from elsewhere. */
        PLAIN_ON_SEALED_ROUTE("plain_on_sealed_route");

        private final String label;

        Drop(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }
    }

    private final boolean takesPlain;
    /** Told of the first plain datagram dropped, so a user whose legacy sender gets no answer learns why; once, whatever a stranger sends. */
    private final Consumer<Endpoint> firstRefusal;
    private final DropCounters drops = new DropCounters();
    /** Whether a session runs on a route (local port, address): the session layer's, once it is made around this node. */
    private BiPredicate<Integer, Endpoint> sealedRoute = (port, from) -> false;

    SealedOnly(Node inner, boolean takesPlain, Consumer<Endpoint> firstRefusal) {
        super(inner);
        this.takesPlain = takesPlain;
        this.firstRefusal = firstRefusal;
    }

    /** The plain datagrams dropped ({@code not_sealed}, {@code plain_on_sealed_route}). */
    DropCounters drops() {
        return drops;
    }

    /** Tells this node where sessions run: {@code SecureNode::hasSessionOn} of the layer made around it. */
    void sealedRoutes(BiPredicate<Integer, Endpoint> sessionOn) {
        this.sealedRoute = sessionOn;
    }

    /** Undecoded, a datagram is no session's: plain. */
    @Override
    public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        onMessage(localPort, from, new DecodedDatagram().decode(data), now, out);
    }

    @Override
    public void onMessage(int localPort, Endpoint from, DecodedDatagram datagram, long now, Effects out) {
        if (datagram.authenticatedKey() != null) {
            super.onMessage(localPort, from, datagram, now, out);
        } else if (!takesPlain) {
            refuse(from);
        } else if (sealedRoute.test(localPort, from)) {
            drops.count(Drop.PLAIN_ON_SEALED_ROUTE);
        } else {
            super.onMessage(localPort, from, datagram, now, out);
        }
    }

    private void refuse(Endpoint from) {
        if (drops.get(Drop.NOT_SEALED.label()) == 0) {
            firstRefusal.accept(from);
        }
        drops.count(Drop.NOT_SEALED);
    }
}
