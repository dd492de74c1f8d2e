package org.ptpmesh.cli;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.ptpmesh.compose.ServerNode;
import org.ptpmesh.identity.NodeSecurity;
import org.ptpmesh.node.Node;
import org.ptpmesh.secure.SecureNode;

/**
 * A ptpserver as it runs: the rendezvous server and introducer inside the session layer, which
 * answers every keyed client's handshake and seals to it, and passes legacy clients' plain
 * datagrams through unchanged (docs/protocol.md 6.9).
 */
final class SealedServer {

    /** Drop reasons of the session layer, told apart from the roles' by this prefix. */
    static final String SECURE_DROPS = "secure_";

    private final ServerNode server;
    private final SecureNode node;

    /**
     * @param inside what runs inside the session layer: {@code server} itself, or a node around
     *               it that must see datagrams as they were sent, opened (the dashboard's counts
     *               by kind: outside, every keyed client's datagram is a SEALED one)
     */
    SealedServer(ServerNode server, Node inside, NodeSecurity keys) {
        this.server = server;
        this.node = keys.server(inside, "ptpserver");
    }

    /** What the runtime runs. */
    SecureNode node() {
        return node;
    }

    ServerNode server() {
        return server;
    }

    /** Sessions open with keyed clients (read from another thread: a recent value, not an exact one). */
    int sessions() {
        return node.sessionCount();
    }

    /** What both roles refused ({@link ServerNode#drops()}) and what the session layer refused, prefixed {@value #SECURE_DROPS}. */
    Map<String, Long> drops() {
        Map<String, Long> all = new TreeMap<>(server.drops());
        node.drops().snapshot().forEach((reason, n) -> all.put(SECURE_DROPS + reason, n));
        return Collections.unmodifiableMap(all);
    }
}
