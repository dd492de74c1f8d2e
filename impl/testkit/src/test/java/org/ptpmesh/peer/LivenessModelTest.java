package org.ptpmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * The peer's liveness states against a small reference model: for any sequence of keepalive
 * periods in which the other peer and the introducer answer or stay silent, the peer reports
 * exactly the state the introducer design's rule gives for the time since the last answer; a
 * forgotten peer stays forgotten; an introducer is never forgotten.
 */
class LivenessModelTest {

    static final long K = PeerDefaults.KEEP_ALIVE_TIMEOUT;
    static final PeerIdentity A = new PeerIdentity(new byte[16], Endpoint.of("198.51.100.1", 3456));
    static final PeerIdentity B = new PeerIdentity(filled(2), Endpoint.of("198.51.100.2", 3456));
    static final PeerId SELF = PeerId.of(filled(7));
    static final PeerId OTHER = PeerId.of(filled(9));
    static final Endpoint OTHER_AT = Endpoint.of("203.0.113.50", 4000);
    static final long PONGS_AT = 20;
    static final long PUNCH_AT = 900;

    /** One keepalive period: whether each side answers in it, and how many ms into the period. */
    record Period(boolean otherAnswers, boolean introducerAnswers, long answerAfter) {
    }

    @Provide
    Arbitrary<List<Period>> periods() {
        Arbitrary<Period> period = Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false),
                // Offsets that put the silence exactly on 1.5x, 3x and 5x at a later tick, and beside them.
                Arbitraries.oneOf(Arbitraries.of(1L, K / 2 - 1, K / 2, K / 2 + 1, K - 1, K),
                        Arbitraries.longs().between(1, K))).as(Period::new);
        return period.list().ofMinSize(1).ofMaxSize(20);
    }

    @Property(tries = 300)
    void statesFollowTheTimeSinceTheLastAnswer(@ForAll("periods") List<Period> periods) {
        RecordingEffects fx = new RecordingEffects();
        Peer peer = connectedPeer(fx);
        long lastOther = PUNCH_AT;
        long lastIntroducer = PONGS_AT;
        boolean forgotten = false;
        for (Period p : periods) {
            long tick = fx.timers.get(PeerTimer.Fixed.KEEPALIVE);
            long answerAt = tick - K + p.answerAfter();
            if (p.otherAnswers()) {
                deliverKeepaliveAck(peer, fx, answerAt);
                if (!forgotten) {
                    lastOther = answerAt;
                }
            }
            if (p.introducerAnswers()) {
                peer.onDatagram(3456, A.endpoint(), Messages.pong(A.peerId(), peer.publicAddress(), NatType.STATIC, 0), answerAt, fx);
                lastIntroducer = answerAt;
            }
            peer.onTimer(PeerTimer.Fixed.KEEPALIVE, tick, fx);
            PeerState expectedOther = seedState(tick - lastOther);
            forgotten |= expectedOther == PeerState.FORGOTTEN;
            if (forgotten) {
                assertThat(peer.knows(OTHER)).isFalse();
            } else {
                assertThat(peer.stateOf(OTHER)).isEqualTo(expectedOther);
            }
            PeerState expectedIntroducer = seedState(tick - lastIntroducer);
            assertThat(peer.stateOf(A.peerId())).isEqualTo(
                    expectedIntroducer == PeerState.FORGOTTEN ? PeerState.MISSING : expectedIntroducer);
            assertThat(peer.knows(A.peerId())).isTrue();
        }
    }

    /** The reference: the introducer design's rule as written, in floating point. */
    static PeerState seedState(long silent) {
        if (silent > K * 5.0) {
            return PeerState.FORGOTTEN;
        }
        if (silent > K * 3.0) {
            return PeerState.MISSING;
        }
        return silent > K * 1.5 ? PeerState.INACTIVE : PeerState.ACTIVE;
    }

    /** The answer comes on whatever path the peer uses now: direct, or relayed after a fallback. */
    private static void deliverKeepaliveAck(Peer peer, RecordingEffects fx, long at) {
        byte[] ack = Messages.keepaliveAck(OTHER, 0);
        if (peer.pathTo(OTHER) == Path.DIRECT) {
            peer.onDatagram(3456, OTHER_AT, ack, at, fx);
        } else {
            peer.onDatagram(3456, A.endpoint(), Messages.relayed(A.peerId(), OTHER, ack), at, fx);
        }
    }

    /** A peer classified Easy, introduced to OTHER (Easy) and holding a confirmed direct path. */
    static Peer connectedPeer(RecordingEffects fx) {
        PeerConfig config = PeerConfig.defaults("p", A, B);
        Peer peer = new Peer(config, SELF, 0, new java.util.Random(1), (from, payload, now) -> { });
        peer.start(0, fx);
        fx.timers.remove(PeerTimer.Fixed.CALCULATE_NAT); // fired here by hand, so no driver fires it again
        peer.onTimer(PeerTimer.Fixed.CALCULATE_NAT, 0, fx);
        Endpoint pub = Endpoint.of("203.0.113.9", 3456);
        peer.onDatagram(3456, A.endpoint(), Messages.pong(A.peerId(), pub, NatType.STATIC, 0), PONGS_AT, fx);
        peer.onDatagram(3456, B.endpoint(), Messages.pong(B.peerId(), pub, NatType.STATIC, 0), PONGS_AT, fx);
        peer.onTimer(PeerTimer.Fixed.CLASSIFY, 400, fx);
        assertThat(peer.nat()).isEqualTo(NatType.EASY);
        peer.onDatagram(3456, A.endpoint(), Messages.intro(A.peerId(), OTHER, OTHER_AT, NatType.EASY, 1, null), 500, fx);
        peer.onDatagram(3456, OTHER_AT, Messages.punch(OTHER, 1, -1), PUNCH_AT, fx);
        assertThat(peer.pathTo(OTHER)).isEqualTo(Path.DIRECT);
        assertThat(peer.stateOf(OTHER)).isEqualTo(PeerState.ACTIVE);
        assertThat(fx.timers.get(PeerTimer.Fixed.KEEPALIVE)).isEqualTo(K);
        return peer;
    }

    private static byte[] filled(int b) {
        byte[] id = new byte[16];
        java.util.Arrays.fill(id, (byte) b);
        return id;
    }
}
