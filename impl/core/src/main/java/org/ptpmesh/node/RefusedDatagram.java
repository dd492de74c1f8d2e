package org.ptpmesh.node;

import org.ptpmesh.wire.DecodeErrorCode;
import org.ptpmesh.wire.RuleViolationCode;

/**
 * A datagram refused before any node logic: it did not decode, or it broke a receiver rule
 * (docs/protocol.md section 7). Counted under the wire's own code, so every node and every tool
 * names the same problem the same way.
 */
public record RefusedDatagram(String label) implements DropReason {

    public static RefusedDatagram of(DecodeErrorCode code) {
        return new RefusedDatagram(code.wireName());
    }

    public static RefusedDatagram of(RuleViolationCode code) {
        return new RefusedDatagram(code.wireName());
    }

    /**
     * The same refusal of a datagram that arrived inside a RELAYED: counted apart ({@code relayed_}
     * first), since the introducer's relay delivered it, not the sender's own path.
     */
    public RefusedDatagram relayed() {
        return new RefusedDatagram("relayed_" + label);
    }
}
