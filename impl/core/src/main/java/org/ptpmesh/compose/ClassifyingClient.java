package org.ptpmesh.compose;

import java.util.List;
import java.util.function.BiConsumer;
import org.ptpmesh.client.MeshClient;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.Tracer;

/**
 * ptpclient with the introducer design's NAT check: the ptptest client on its port, and a peer on
 * its own local and test ports pinging two introducers (ptpservers). Whenever the peer classifies
 * the NAT, the client reports that type in its registrations.
 */
public final class ClassifyingClient extends CompositeNode {

    /** The mesh client's own steps carry its state; this one only reports what the peer found. */
    private final Tracer tracer = new Tracer("client", state -> { });
    private final MeshClient client;
    private final Node runAs;
    private final BiConsumer<Long, Effects> shutdownVia;
    private final Peer peer;
    private NatType reported = NatType.UNKNOWN;

    public ClassifyingClient(MeshClient client, Peer peer, int peerLocalPort, int peerTestPort) {
        this(client, client, client::shutdown, peer, peerLocalPort, peerTestPort);
    }

    /**
     * @param runAs       what runs the client: the client, or a layer around it (the session layer
     *                    that seals it to its server, while the peer's NAT check stays plain)
     * @param shutdownVia sends the client's SHUTDOWN through {@code runAs}
     */
    public ClassifyingClient(MeshClient client, Node runAs, BiConsumer<Long, Effects> shutdownVia, Peer peer, int peerLocalPort,
                             int peerTestPort) {
        super(List.of(
                Child.of(runAs).accepting((localPort, from, datagram, now) ->
                        localPort != peerLocalPort && localPort != peerTestPort),
                Child.of(peer)));
        this.client = client;
        this.runAs = runAs;
        this.shutdownVia = shutdownVia;
        this.peer = peer;
    }

    @Override
    protected void afterEach(long now, Effects out) {
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
        shutdownVia.accept(now, effectsOf(runAs, out));
    }
}
