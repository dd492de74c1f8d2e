package org.ptpmesh.transfer;

import java.net.InetAddress;
import java.util.List;
import org.ptpmesh.messages.Received;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.peer.Path;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * A mesh peer that also transfers objects, on the peer's own port: transfer messages go to the
 * {@link TransferEndpoint}, whether they came straight from the other peer or inside a RELAYED
 * from introducer A; everything else, and every other timer, goes to the {@link Peer}. So two
 * peers that cannot reach each other directly (Hard behind Hard) transfer through the relay.
 */
public final class MeshTransferNode implements Node {

    private final Peer peer;
    private final PeerConfig config;
    private final TransferEndpoint endpoint;
    private final DatagramView view = new DatagramView();

    public MeshTransferNode(Peer peer, PeerConfig config, TransferEndpoint endpoint) {
        if (!peer.id().equals(endpoint.id())) {
            throw new IllegalArgumentException("the peer and its transfer endpoint must share one peer id");
        }
        this.peer = peer;
        this.config = config;
        this.endpoint = endpoint;
    }

    public Peer peer() {
        return peer;
    }

    public TransferEndpoint endpoint() {
        return endpoint;
    }

    /** The route to {@code target} on the peer's current path: direct if confirmed, else the relay. */
    public Route routeTo(PeerId target, Endpoint directAddress) {
        return peer.pathTo(target) == Path.DIRECT && directAddress != null
                ? new Route.Direct(config.localPort(), directAddress) : relayTo(target);
    }

    /** Through introducer A's relay to {@code target}. */
    public Route relayTo(PeerId target) {
        return new Route.Relayed(config.localPort(), config.introducerA().endpoint(), peer.id(), target);
    }

    @Override
    public void start(long now, Effects out) {
        peer.start(now, out);
    }

    @Override
    public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        if (isTransferMessage(data)) {
            endpoint.onMessage(data, new Route.Direct(localPort, from), now, out);
            return;
        }
        if (localPort == config.localPort() && from.equals(config.introducerA().endpoint())
                && kindOf(data) == MessageKind.RELAYED.code()) {
            Received.Outcome outcome = Received.parse(view, data);
            if (outcome instanceof Received.Accepted a && isTransferMessage(a.message().payload())) {
                PeerId origin = a.message().fromId();
                endpoint.onMessage(a.message().payload(), relayTo(origin), now, out);
                return;
            }
        }
        peer.onDatagram(localPort, from, data, now, out);
    }

    private boolean isTransferMessage(byte[] data) {
        long kind = kindOf(data);
        return kind >= MessageKind.OFFER.code() && kind <= MessageKind.CANCEL.code();
    }

    /** MSGKIND of a well-formed datagram, or -1 (the peer then sees and counts the bad one). */
    private long kindOf(byte[] data) {
        return view.wrap(data, 0, data.length) == null ? view.uintOf(TlvTypes.MSGKIND, -1) : -1;
    }

    @Override
    public void onTimer(String key, long now, Effects out) {
        if (TransferEndpoint.ownsTimer(key)) {
            endpoint.onTimer(key, now, out);
        } else {
            peer.onTimer(key, now, out);
        }
    }

    @Override
    public void onBindFailed(int port, long now, Effects out) {
        peer.onBindFailed(port, now, out);
    }

    @Override
    public void onAddressesChanged(List<InetAddress> addresses, long now, Effects out) {
        peer.onAddressesChanged(addresses, now, out);
    }
}
