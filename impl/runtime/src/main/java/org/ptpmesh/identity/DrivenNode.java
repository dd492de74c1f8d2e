package org.ptpmesh.identity;

import java.util.Set;
import java.util.function.Consumer;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.secure.SecureNode;
import org.ptpmesh.wire.Endpoint;

/**
 * A protocol node as the runtime runs it, and how a driver calls into it from outside its
 * callbacks (connect, send, its last words): a keyed node runs inside the session layer
 * (docs/protocol.md 6.9), and what the driver makes it send must go through that layer too, to
 * be sealed or wait for a handshake; a legacy node runs as it is.
 */
public final class DrivenNode {

    private final Node inner;
    private final SecureNode sealed;

    private DrivenNode(Node inner, SecureNode sealed) {
        this.inner = inner;
        this.sealed = sealed;
    }

    /** {@code node} without keys: plain, as ptptest 2014's nodes. */
    public static DrivenNode plain(Node node) {
        return new DrivenNode(node, null);
    }

    /**
     * {@code inner} with {@code keys}, as a client runs it ({@link NodeSecurity#client}): it reaches
     * {@code introducers} sealed only, trusting their keys as {@code keys} says, and punches to the
     * peers its introducers name with their keys.
     */
    public static DrivenNode keyed(Node inner, NodeSecurity keys, Set<Endpoint> introducers, String name) {
        return new DrivenNode(inner, keys.client(inner, introducers, keys.trust(), name));
    }

    /** What the runtime runs. */
    public Node node() {
        return sealed != null ? sealed : inner;
    }

    /** The session layer, or null for a legacy node. */
    public SecureNode sealed() {
        return sealed;
    }

    /** Runs {@code call} on the protocol node with the effects its own callbacks get. */
    public void call(long now, Effects out, Consumer<Effects> call) {
        if (sealed == null) {
            call.accept(out);
        } else {
            sealed.callInner(now, out, call);
        }
    }

    /** The effects for the protocol node's sends outside {@link #call} (its last words when the runtime stops). */
    public Effects innerEffects(Effects out, long now) {
        return sealed == null ? out : sealed.innerEffects(out, now);
    }
}
