package org.ptpmesh.compose;

import java.util.List;
import org.ptpmesh.messages.Received;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.peer.Path;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.transfer.BlockSource;
import org.ptpmesh.transfer.Route;
import org.ptpmesh.transfer.TransferEndpoint;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;

/**
 * A mesh peer that also transfers objects, on the peer's own port: transfer messages go to the
 * {@link TransferEndpoint}, whether they came straight from the other peer or inside a RELAYED
 * from introducer A; everything else goes to the {@link Peer}. So two peers that cannot reach
 * each other directly (Hard behind Hard) transfer through the relay.
 */
public final class MeshTransferNode extends CompositeNode {

    private final Peer peer;
    private final PeerConfig config;
    private final TransferEndpoint endpoint;
    private final Transfers transfers;

    public MeshTransferNode(Peer peer, PeerConfig config, TransferEndpoint endpoint) {
        this(peer, config, endpoint, new Transfers(endpoint, config));
    }

    private MeshTransferNode(Peer peer, PeerConfig config, TransferEndpoint endpoint, Transfers transfers) {
        super(List.of(Child.of(transfers).accepting(transfers::accepts), Child.of(peer)));
        if (!peer.id().equals(endpoint.id())) {
            throw new IllegalArgumentException("the peer and its transfer endpoint must share one peer id");
        }
        this.peer = peer;
        this.config = config;
        this.endpoint = endpoint;
        this.transfers = transfers;
    }

    /** The peer, to read; {@link #connect} asks it to connect. */
    public Peer peer() {
        return peer;
    }

    /** The endpoint, to read; {@link #offer} starts a transfer. */
    public TransferEndpoint endpoint() {
        return endpoint;
    }

    /** Asks the peer to connect to {@code target} (see {@link Peer#connect}). */
    public void connect(PeerId target, long now, Effects out) {
        peer.connect(target, now, effectsOf(peer, out));
    }

    /** Offers an object to whoever {@code route} leads to (see {@link TransferEndpoint#offer}). */
    public long offer(String name, BlockSource source, byte[] sha256, Route route, long now, Effects out) {
        return endpoint.offer(name, source, sha256, route, now, effectsOf(transfers, out));
    }

    /** The route to {@code target} on the peer's current path: direct if confirmed, else the relay. */
    public Route routeTo(PeerId target, Endpoint directAddress) {
        return peer.pathTo(target) == Path.DIRECT && directAddress != null
                ? new Route.Direct(config.localPort(), directAddress) : relayTo(config, peer.id(), target);
    }

    /** Through introducer A's relay to {@code target}. */
    private static Route relayTo(PeerConfig config, PeerId self, PeerId target) {
        return new Route.Relayed(config.localPort(), config.introducerA().endpoint(), self, target);
    }

    /**
     * The endpoint as a child node: it takes transfer messages, straight or relayed. A relayed
     * one is parsed (with its inner datagram) while deciding, and handled from that parse.
     */
    private static final class Transfers implements Node {

        private final TransferEndpoint endpoint;
        private final PeerConfig config;
        private final DecodedDatagram inner = new DecodedDatagram();
        private PeerId relayedFrom;

        Transfers(TransferEndpoint endpoint, PeerConfig config) {
            this.endpoint = endpoint;
            this.config = config;
        }

        boolean accepts(int localPort, Endpoint from, DecodedDatagram datagram, long now) {
            relayedFrom = null;
            if (isTransferKind(datagram.kindCode())) {
                return true;
            }
            if (localPort != config.localPort() || !from.equals(config.introducerA().endpoint())
                    || datagram.kindCode() != MessageKind.RELAYED.code()) {
                return false;
            }
            if (Received.of(datagram) instanceof Received.Accepted a
                    && isTransferKind(inner.decode(a.message().payload()).kindCode())) {
                relayedFrom = a.message().fromId();
                return true;
            }
            return false;
        }

        private static boolean isTransferKind(long kind) {
            MessageKind k = MessageKind.fromCode(kind);
            return k != null && k.isTransfer();
        }

        @Override
        public void start(long now, Effects out) {
            // the peer binds the shared port; the endpoint only answers
        }

        @Override
        public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
            endpoint.onMessage(data, new Route.Direct(localPort, from), now, out);
        }

        @Override
        public void onMessage(int localPort, Endpoint from, DecodedDatagram datagram, long now, Effects out) {
            if (relayedFrom != null) {
                endpoint.onMessage(inner, relayTo(config, endpoint.id(), relayedFrom), now, out);
            } else {
                endpoint.onMessage(datagram, new Route.Direct(localPort, from), now, out);
            }
        }

        @Override
        public void onTimer(TimerKey key, long now, Effects out) {
            endpoint.onTimer(key, now, out);
        }
    }
}
