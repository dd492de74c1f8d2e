package org.ptpmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ptpmesh.testkit.RecordingEffects;

/**
 * An introducer's silence counts from the peer's start, as Keepalive.tla's does from Init: a peer
 * built some time before its runtime starts (a busy JVM, a slow bind) could hear nothing
 * meanwhile. Found replaying a real ptpconform peer's trace: built 1.4 s before its start, with a
 * 2 s keepalive it reported both introducers Inactive at its first keepalive tick.
 */
class SilenceFromStartTest {

    private static final long KEEPALIVE = 2_000;
    private static final long BUILT_AT = 1_000;
    private static final long STARTED_AT = BUILT_AT + 1_400;

    @Test
    void introducersAreActiveAtTheFirstTickHoweverLongBeforeStartThePeerWasBuilt() {
        RecordingEffects fx = new RecordingEffects();
        Peer peer = new Peer(PeerConfig.defaults("p", LivenessModelTest.A, LivenessModelTest.B).withKeepAlive(KEEPALIVE),
                LivenessModelTest.SELF, BUILT_AT, new java.util.Random(1), (from, payload, now) -> { });
        peer.start(STARTED_AT, fx);

        long firstTick = fx.timers.get(PeerTimer.Fixed.KEEPALIVE);
        peer.onTimer(PeerTimer.Fixed.KEEPALIVE, firstTick, fx);

        // 2 s of silence since the start: under 1.5 keepalives (3 s); 3.4 s since the constructor would not be
        assertThat(firstTick).isEqualTo(STARTED_AT + KEEPALIVE);
        assertThat(peer.stateOf(LivenessModelTest.A.peerId())).isEqualTo(PeerState.ACTIVE);
        assertThat(peer.stateOf(LivenessModelTest.B.peerId())).isEqualTo(PeerState.ACTIVE);
    }
}
