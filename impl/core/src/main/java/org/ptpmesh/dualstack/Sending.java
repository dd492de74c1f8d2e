package org.ptpmesh.dualstack;

import java.util.ArrayDeque;

/** A dual-stack peer's data to one remote: the family it goes on, and what waits for a family. */
final class Sending {

    /** The family the remote's data goes on; null before either family had a path. */
    Family current;
    /** Messages not yet handed to a family's peer: before any path, or while a switch drains. */
    final ArrayDeque<byte[]> held = new ArrayDeque<>();
    /** Unacknowledged messages in the current family's channel when last looked at. */
    int unacknowledged;
    /** When the current family's channel was last empty or last had messages acknowledged. */
    long progressAt;
}
