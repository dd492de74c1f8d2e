package org.ptpmesh.transfer;

import org.ptpmesh.node.DropCounters;
import org.ptpmesh.node.Effects;

/**
 * Whether a transfer may start when transfers are limited ({@link TransferLimits}): within the
 * limit per peer and in all, or in place of a transfer silent for
 * {@link TransferLimits#stalledMillis}, which gives its slot up; else the new one is dropped and
 * counted. Receptions and servings are counted apart.
 */
final class Slots {

    /** A transfer holding a slot. */
    interface Holder {
        Route route();

        /** When a block arrived or a request came last (or the transfer began). */
        long lastActivity();

        /** Gives the slot up to a newer transfer: stop, keeping what a resume needs. */
        void yieldSlot(long now, Effects out);
    }

    private final DropCounters drops;
    private final long stalledMillis;

    Slots(DropCounters drops, long stalledMillis) {
        this.drops = drops;
        this.stalledMillis = stalledMillis;
    }

    /**
     * Whether a transfer from {@code route} may join {@code holders}: at most {@code perPeer} of
     * them from its peer and {@code total} in all, the stalest of the full group yielding if it
     * has been silent long enough.
     */
    boolean admit(Iterable<? extends Holder> holders, Route route, int total, int perPeer, long now, Effects out,
                  TransferDropReason full, TransferDropReason peerFull) {
        Holder stalest = null;
        Holder stalestOfPeer = null;
        int all = 0;
        int ofPeer = 0;
        for (Holder h : holders) {
            all++;
            if (stalest == null || h.lastActivity() < stalest.lastActivity()) {
                stalest = h;
            }
            if (h.route().peer().equals(route.peer())) {
                ofPeer++;
                if (stalestOfPeer == null || h.lastActivity() < stalestOfPeer.lastActivity()) {
                    stalestOfPeer = h;
                }
            }
        }
        if (ofPeer >= perPeer) {
            return yieldIfStalled(stalestOfPeer, now, out, peerFull);
        }
        return all < total || yieldIfStalled(stalest, now, out, full);
    }

    private boolean yieldIfStalled(Holder h, long now, Effects out, TransferDropReason otherwise) {
        if (now - h.lastActivity() < stalledMillis) {
            drops.count(otherwise);
            return false;
        }
        h.yieldSlot(now, out);
        return true;
    }
}
