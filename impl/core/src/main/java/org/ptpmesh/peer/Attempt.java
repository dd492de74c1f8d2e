package org.ptpmesh.peer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ptpmesh.nat.Strategy;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/** One connect attempt toward a peer, from the INTRO that started it to its outcome. */
final class Attempt {

    final PeerId target;
    final long id;
    final Strategy strategy;
    final long startedAt;
    /** Where punches go: the public address, and the LAN address for peers behind one NAT. */
    final List<Endpoint> punchTargets = new ArrayList<>();
    /** Birthday, Easy side: the Hard side's public IP and the ports already probed. */
    final Endpoint hardSide;
    final Set<Integer> probedPorts = new HashSet<>();
    /** Birthday, Hard side: the ports opened toward the Easy side. */
    final Set<Integer> openedPorts = new HashSet<>();
    int punchesSent;
    int probesSent;
    AttemptOutcome outcome;

    Attempt(PeerId target, long id, Strategy strategy, long startedAt, Endpoint hardSide) {
        this.target = target;
        this.id = id;
        this.strategy = strategy;
        this.startedAt = startedAt;
        this.hardSide = hardSide;
    }

    boolean isOpen() {
        return outcome == null;
    }
}
