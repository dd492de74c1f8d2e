package org.ptpmesh.peer;

import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.NatTraversalAction;
import org.ptpmesh.trace.TraceAction;
import org.ptpmesh.trace.TraceSink;
import org.ptpmesh.trace.Tracer;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * The way application data reaches one remote peer, and the only code that changes it. Each
 * transition checks the path it leaves, refuses any other with an {@link IllegalStateException},
 * and logs exactly one step:
 *
 * <table>
 * <caption>transitions</caption>
 * <tr><th>method</th><th>from</th><th>to</th><th>logs</th></tr>
 * <tr><td>{@link #startRelay}</td><td>NONE</td><td>RELAY</td><td>RelayStart</td></tr>
 * <tr><td>{@link #confirmDirect}</td><td>RELAY</td><td>DIRECT</td><td>UpgradeToDirect</td></tr>
 * <tr><td>{@link #fallBackToRelay}</td><td>DIRECT</td><td>RELAY</td><td>FallbackToRelay</td></tr>
 * </table>
 *
 * Relay first (docs/peer.md): a peer is always on the relay before a direct path is confirmed,
 * so DIRECT is reached only from RELAY.
 */
final class Link {

    private final PeerId peer;
    private final Tracer tracer;
    private Path path = Path.NONE;
    /** The confirmed direct path: our port and the remote endpoint. */
    private int directLocalPort;
    private Endpoint directEndpoint;

    Link(PeerId peer, Tracer tracer) {
        this.peer = peer;
        this.tracer = tracer;
    }

    Path path() {
        return path;
    }

    boolean isDirect() {
        return path == Path.DIRECT;
    }

    /** Whether a datagram that came to {@code localPort} from {@code from} came over the direct path. */
    boolean isDirectFrom(int localPort, Endpoint from) {
        return path == Path.DIRECT && directLocalPort == localPort && from.equals(directEndpoint);
    }

    int directLocalPort() {
        return directLocalPort;
    }

    Endpoint directEndpoint() {
        return directEndpoint;
    }

    /** Relay first: data goes through introducer A until a direct path is confirmed. */
    void startRelay(long now, TraceSink out) {
        move(Path.NONE, Path.RELAY, NatTraversalAction.RELAY_START, now, out);
    }

    /** Punching confirmed {@code remote} from our {@code localPort}: data moves to it silently. */
    void confirmDirect(int localPort, Endpoint remote, long now, TraceSink out) {
        move(Path.RELAY, Path.DIRECT, NatTraversalAction.UPGRADE_TO_DIRECT, now, out);
        directLocalPort = localPort;
        directEndpoint = remote;
    }

    /** The direct path stopped answering: data goes back through the relay. */
    void fallBackToRelay(long now, TraceSink out) {
        move(Path.DIRECT, Path.RELAY, DiagnosticEvent.FALLBACK_TO_RELAY, now, out);
        directEndpoint = null;
    }

    private void move(Path from, Path to, TraceAction step, long now, TraceSink out) {
        if (path != from) {
            throw new IllegalStateException("the link to " + peer.shortName() + " cannot go " + from + " -> " + to
                    + ": it is " + path);
        }
        path = to;
        tracer.step(out, now, step).param("peer", peer.shortName()).log();
    }
}
