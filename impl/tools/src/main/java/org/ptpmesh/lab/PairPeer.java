package org.ptpmesh.lab;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ptpmesh.dualstack.Family;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.peer.AttemptResult;
import org.ptpmesh.wire.PeerId;

/**
 * A lab peer {@link TwoPeers} can connect to another and measure: a single-family {@link LabPeer}
 * or a dual-stack {@link LabDualStackPeer}, so a pair with a host behind a {@code dual} router
 * runs the peer a dual-stack host would.
 */
public interface PairPeer {

    PeerId id();

    LabHost host();

    /** Writes the peer's trace under {@code dir} ({@link NodeInNamespace#writeTrace}). */
    void writeTrace(Path dir) throws IOException;

    /** The NAT type found; UNKNOWN until classified (every family of the peer). */
    NatType nat();

    /** Asks for an introduction to {@code other}. */
    void connect(PairPeer other);

    void send(PairPeer other, byte[] payload);

    /** Finished connect attempts toward {@code other}, oldest first (of every family). */
    List<AttemptResult> attemptsWith(PairPeer other);

    /**
     * The attempt toward {@code other} that decides the pair's result, among those ended at or
     * after {@code since}; null while it has not ended.
     */
    AttemptResult decidingAttempt(PairPeer other, long since);

    /** Payloads received from {@code other}, in delivery order. */
    List<byte[]> receivedFrom(PairPeer other);

    /** True if data to {@code other} goes on a direct path. */
    boolean directTo(PairPeer other);

    /** The family data to {@code other} goes on (null while there is no path on any). */
    Family familyTo(PairPeer other);

    /** How long a connect of this peer may take, opener delay included. */
    long connectBudgetMillis();

    /** One line for {@code ptpmesh lab up}: name, address, where it sits, classification, id. */
    String describe();

    /** The first of {@code attempts} that ended at or after {@code since}, or null. */
    static AttemptResult firstEndedSince(List<AttemptResult> attempts, long since) {
        return attempts.stream().filter(r -> r.endedAt() >= since).findFirst().orElse(null);
    }
}
