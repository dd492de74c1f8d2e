package org.ptpmesh.rendezvous;

import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.TlvTypes;

/**
 * The receiver rules of docs/protocol.md section 7 (rule 4: required TLVs present, no TLV the
 * kind forbids, no repeats except where allowed), read straight off a {@link DatagramView}. It
 * gives the same verdict as {@link org.ptpmesh.wire.MessageRules} for the kinds a server acts on
 * (ViewRulesTest checks that they agree); it exists because building a Message for every
 * datagram costs more than everything else the server does with it.
 */
final class ViewRules {

    private final int[] seen = new int[256];

    /** True when the datagram in {@code view} keeps every rule of {@code kind}. */
    boolean allows(DatagramView view, MessageKind kind) {
        boolean ok = true;
        int n = view.tlvCount();
        for (int i = 0; i < n && ok; i++) {
            int type = view.type(i);
            if (!TlvTypes.isKnown(type)) {
                continue;
            }
            if (!kind.required().contains(type) && !kind.optional().contains(type)) {
                ok = false;
            } else if (++seen[type] > 1 && !kind.repeatable().contains(type)) {
                ok = false;
            }
        }
        for (int type : kind.required()) {
            ok &= seen[type] > 0;
        }
        for (int i = 0; i < n; i++) {
            seen[view.type(i)] = 0;
        }
        return ok;
    }
}
