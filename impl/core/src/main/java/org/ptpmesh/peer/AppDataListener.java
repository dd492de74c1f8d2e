package org.ptpmesh.peer;

import org.ptpmesh.wire.PeerId;

/** Receives application messages, in order and exactly once per sender. */
@FunctionalInterface
public interface AppDataListener {
    void deliver(PeerId from, byte[] payload, long now);
}
