package org.ptpmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.nat.Strategy;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * A dual-stack introducer can introduce an IPv4 peer to an IPv6 one: no punch could leave this
 * peer's socket for the other family, so the attempt ends on the relay at once.
 */
class OtherFamilyIntroTest {

    private static final PeerId SIX = PeerId.of(new byte[] {6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6});
    private final RecordingEffects fx = new RecordingEffects();

    private Peer classifiedOverIpv4() {
        Peer peer = new Peer(PeerConfig.defaults("p", LivenessModelTest.A, LivenessModelTest.B), LivenessModelTest.SELF, 0,
                new java.util.Random(1), (from, payload, now) -> { });
        peer.start(0, fx);
        peer.onTimer(PeerTimer.Fixed.CALCULATE_NAT, 0, fx);
        Endpoint pub = Endpoint.of("203.0.113.9", 3456);
        peer.onDatagram(3456, LivenessModelTest.A.endpoint(), Messages.pong(LivenessModelTest.A.peerId(), pub, NatType.STATIC, 0), 20, fx);
        peer.onDatagram(3456, LivenessModelTest.B.endpoint(), Messages.pong(LivenessModelTest.B.peerId(), pub, NatType.STATIC, 0), 20, fx);
        peer.onTimer(PeerTimer.Fixed.CLASSIFY, 400, fx);
        assertThat(peer.nat()).isEqualTo(NatType.EASY);
        fx.drain();
        return peer;
    }

    @Test
    void anIntroductionToAPeerOfTheOtherFamilyEndsOnTheRelayWithoutAPunch() {
        Peer peer = classifiedOverIpv4();
        Endpoint six = Endpoint.of("2001:db8::6", 3456);
        peer.onDatagram(3456, LivenessModelTest.A.endpoint(),
                Messages.intro(LivenessModelTest.A.peerId(), SIX, six, NatType.EASY, 1, null), 500, fx);

        assertThat(fx.drain()).noneMatch(s -> s.to().equals(six));
        assertThat(peer.attemptResults()).singleElement().satisfies(r -> {
            assertThat(r.strategy()).isEqualTo(Strategy.RELAY);
            assertThat(r.outcome()).isEqualTo(AttemptOutcome.RELAYED);
        });
        assertThat(peer.pathTo(SIX)).isEqualTo(Path.RELAY);
    }

    @Test
    void anIntroductionToAPeerOfItsOwnFamilyIsPunched() {
        Peer peer = classifiedOverIpv4();
        Endpoint four = Endpoint.of("203.0.113.66", 3456);
        peer.onDatagram(3456, LivenessModelTest.A.endpoint(),
                Messages.intro(LivenessModelTest.A.peerId(), SIX, four, NatType.EASY, 1, null), 500, fx);

        assertThat(fx.drain()).anyMatch(s -> s.to().equals(four));
        assertThat(peer.attemptResults()).isEmpty();
    }

    /**
     * A dual-stack peer asks on both families: its IPv4 half's introduction starts a punch here,
     * and its IPv6 half's (a later attempt, relay only across families) must not end it.
     */
    @Test
    void anOtherFamilyIntroductionLeavesTheOpenAttemptOfItsOwnFamilyPunching() {
        Peer peer = classifiedOverIpv4();
        Endpoint four = Endpoint.of("203.0.113.66", 3456);
        peer.onDatagram(3456, LivenessModelTest.A.endpoint(),
                Messages.intro(LivenessModelTest.A.peerId(), SIX, four, NatType.EASY, 1, null), 500, fx);
        fx.drain();
        peer.onDatagram(3456, LivenessModelTest.A.endpoint(),
                Messages.intro(LivenessModelTest.A.peerId(), SIX, Endpoint.of("2001:db8::6", 3456), NatType.EASY, 2, null), 510, fx);

        assertThat(peer.attemptResults()).as("attempt 1 still open, not ended on the relay").isEmpty();
        assertThat(peer.drops().get("other_family_intro")).isEqualTo(1);
    }
}
