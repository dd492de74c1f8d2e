package org.ptpmesh.compose;

import org.ptpmesh.node.TimerKey;

/**
 * A child's timer key as its {@link CompositeNode} sets it: wrapped with the child's slot, so two
 * children's equal keys stay two timers and a fired timer goes back to the child that set it.
 */
record SlotTimer(int slot, TimerKey key) implements TimerKey {
}
