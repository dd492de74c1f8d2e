package org.ptpmesh.client;

import java.net.InetAddress;
import java.util.List;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.PrefixedEffects;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.Tracer;
import org.ptpmesh.wire.Endpoint;

/**
 * ptpclient with seed 001's NAT check: the ptptest client on its port, and a peer on its own
 * local and test ports pinging two introducers (ptpservers). Whenever the peer classifies the
 * NAT, the client reports that type in its registrations. The peer's timers carry a prefix so
 * the two never collide.
 */
public final class ClassifyingClient implements Node {

    private static final String PEER_TIMER = "nat.";

    /** The mesh client's own steps carry its state; this one only reports what the peer found. */
    private final Tracer tracer = new Tracer("client", state -> { });
    private final MeshClient client;
    private final Peer peer;
    private final int peerLocalPort;
    private final int peerTestPort;
    private NatType reported = NatType.UNKNOWN;

    public ClassifyingClient(MeshClient client, Peer peer, int peerLocalPort, int peerTestPort) {
        this.client = client;
        this.peer = peer;
        this.peerLocalPort = peerLocalPort;
        this.peerTestPort = peerTestPort;
    }

    @Override
    public void start(long now, Effects out) {
        client.start(now, out);
        peer.start(now, effects(out));
    }

    @Override
    public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        if (localPort == peerLocalPort || localPort == peerTestPort) {
            peer.onDatagram(localPort, from, data, now, effects(out));
            reportNat(now, out);
        } else {
            client.onDatagram(localPort, from, data, now, out);
        }
    }

    @Override
    public void onTimer(String key, long now, Effects out) {
        if (key.startsWith(PEER_TIMER)) {
            peer.onTimer(key.substring(PEER_TIMER.length()), now, effects(out));
            reportNat(now, out);
        } else {
            client.onTimer(key, now, out);
        }
    }

    @Override
    public void onAddressesChanged(List<InetAddress> addresses, long now, Effects out) {
        client.onAddressesChanged(addresses, now, out);
        peer.onAddressesChanged(addresses, now, effects(out));
    }

    private void reportNat(long now, Effects out) {
        NatType nat = peer.nat();
        if (nat != NatType.UNKNOWN && nat != reported) {
            reported = nat;
            client.natClassified(nat.code());
            tracer.step(out, now, DiagnosticEvent.NAT_REPORTED).param("nat", nat.name()).log();
        }
    }

    public MeshClient client() {
        return client;
    }

    public Peer peer() {
        return peer;
    }

    /** Sends a shutdown for the client; the peer has nothing to say when leaving. */
    public void shutdown(long now, Effects out) {
        client.shutdown(now, out);
    }

    private Effects effects(Effects out) {
        return new PrefixedEffects(out, PEER_TIMER, p -> true);
    }
}
