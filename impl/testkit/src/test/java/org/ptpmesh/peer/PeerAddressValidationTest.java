package org.ptpmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.peer.LivenessModelTest.A;
import static org.ptpmesh.peer.LivenessModelTest.B;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ptpmesh.introducer.Introducer;
import org.ptpmesh.introducer.IntroducerConfig;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.testkit.RecordingEffects.Sent;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.TlvTypes;

/**
 * A peer's side of the introducers' address validation (docs/protocol.md 6.3): it answers a PONG
 * carrying a cookie with a ping echoing it, and keeps reporting its NAT type until each
 * introducer has answered the report.
 */
class PeerAddressValidationTest {

    private static final Endpoint PUBLIC_A = Endpoint.of("203.0.113.9", 40000);
    private static final Endpoint PUBLIC_B = Endpoint.of("203.0.113.9", 40001);

    private final RecordingEffects fx = new RecordingEffects();
    private Peer peer;

    @BeforeEach
    void start() {
        peer = new Peer(PeerConfig.defaults("p", A, B), LivenessModelTest.SELF, 0, new Random(1), (from, payload, at) -> { });
        peer.start(0, fx);
        fx.runTimers(peer, 0, 0);
        fx.clearOutput();
    }

    @Test
    void aPongCarryingACookieIsAnsweredWithAPingEchoingItAndIsNoPongOfTheNatCheck() {
        long cookie = 0x1234_5678_9abc_def0L;
        peer.onDatagram(3456, A.endpoint(), Messages.challengePong(A.peerId(), PUBLIC_A, NatType.STATIC, cookie), 20, fx);
        List<Sent> sent = fx.drain();
        assertThat(sent).singleElement().satisfies(s -> {
            assertThat(s.to()).isEqualTo(A.endpoint());
            Message ping = s.message();
            assertThat(ping.kind()).isEqualTo(MessageKind.PING);
            assertThat(ping.uint(TlvTypes.YOURTS)).hasValue(cookie);
            assertThat(ping.has(TlvTypes.TESTPORT)).isTrue();
        });
        assertThat(peer.publicAddress()).as("the NAT check waits for the full pong").isNull();
        assertThat(fx.trace).extracting(TraceEvent::event).contains("AnswerChallenge").doesNotContain("ReceivePong");
    }

    @Test
    void aPingIsAsLargeAsTheChallengeItMayGet() {
        // the smallest ping a peer sends: no LAN address (none yet, or none of its family)
        byte[] ping = Messages.ping(LivenessModelTest.SELF, NatType.UNKNOWN, 0, 3457, null, 1L << 40);
        byte[] v6Challenge = Messages.challengePong(A.peerId(), Endpoint.of("2001:db8::9", 40000), NatType.STATIC, -1);
        byte[] v4Challenge = Messages.challengePong(A.peerId(), PUBLIC_A, NatType.STATIC, -1);
        assertThat(v4Challenge.length).isLessThanOrEqualTo(ping.length);
        assertThat(v6Challenge.length).isLessThanOrEqualTo(ping.length);
        byte[] v6Ping = Messages.ping(LivenessModelTest.SELF, NatType.UNKNOWN, 0, 3457, Endpoint.of("fd00::2", 3456), 1L << 40);
        assertThat(v6Challenge.length).isLessThanOrEqualTo(v6Ping.length);
    }

    /**
     * A peer on IPv6 whose host has no IPv6 LAN address (a global address only, on a host the
     * runtime reported nothing for yet) sends its smallest ping: the introducers' challenges, which
     * carry its IPv6 address, must still fit, or it never registers.
     */
    @Test
    void anIpv6PeerWithoutALanAddressRegistersWithRealIntroducers() {
        PeerIdentity a6 = new PeerIdentity(A.id(), Endpoint.of("2001:db8:100::1", 3456));
        PeerIdentity b6 = new PeerIdentity(B.id(), Endpoint.of("2001:db8:100::2", 3456));
        Peer six = new Peer(PeerConfig.defaults("six", a6, b6), LivenessModelTest.SELF, 0, new Random(1), (from, payload, at) -> { });
        Endpoint sixAt = Endpoint.of("2001:db8:10:1::10", 3456);
        Map<Endpoint, Introducer> introducers = Map.of(a6.endpoint(), introducer(a6), b6.endpoint(), introducer(b6));
        RecordingEffects peerFx = new RecordingEffects();
        RecordingEffects introducerFx = new RecordingEffects();
        six.start(0, peerFx);
        long now = 0;
        for (int round = 0; round < 20 && six.nat() == NatType.UNKNOWN; round++, now += 100) {
            for (Sent s : peerFx.drain()) {
                Introducer to = introducers.get(s.to());
                to.onDatagram(s.to().port(), new Endpoint(sixAt.address(), s.localPort()), s.payload(), now, introducerFx);
                for (Sent answer : introducerFx.drain()) {
                    Endpoint from = new Endpoint(s.to().address(), answer.localPort());
                    six.onDatagram(answer.to().port(), from, answer.payload(), now, peerFx);
                }
            }
            peerFx.runTimers(six, now, now + 100);
        }
        assertThat(six.nat()).as("classified: both introducers answered in full").isEqualTo(NatType.STATIC);
        assertThat(six.publicAddress()).isEqualTo(sixAt);
        assertThat(introducers.values()).allSatisfy(i -> assertThat(i.registrations()).isEqualTo(1));
    }

    private static Introducer introducer(PeerIdentity who) {
        Introducer i = new Introducer(IntroducerConfig.defaults(who.peerId().shortName(), who.endpoint().port()),
                who.peerId(), 0, new Random(2));
        i.start(0, new RecordingEffects());
        return i;
    }

    @Test
    void theNatTypeIsReportedAgainToAnIntroducerThatDidNotAnswerTheReport() {
        peer.onDatagram(3456, A.endpoint(), Messages.pong(A.peerId(), PUBLIC_A, NatType.STATIC, 0), 20, fx);
        peer.onDatagram(3456, B.endpoint(), Messages.pong(B.peerId(), PUBLIC_B, NatType.STATIC, 0), 20, fx);
        fx.runTimers(peer, 20, 400);
        assertThat(peer.nat()).isEqualTo(NatType.HARD);
        List<Sent> reports = fx.drain();
        assertThat(reports).extracting(Sent::to).containsExactlyInAnyOrder(A.endpoint(), B.endpoint());
        // B answers the report, A's answer is lost
        peer.onDatagram(3456, B.endpoint(), Messages.pong(B.peerId(), PUBLIC_B, NatType.STATIC, 0), 400, fx);
        fx.runTimers(peer, 400, 1_400);
        assertThat(fx.drain()).singleElement().satisfies(s -> {
            assertThat(s.to()).isEqualTo(A.endpoint());
            assertThat(s.message().uint(TlvTypes.NAT)).hasValue(NatType.HARD.code());
        });
        peer.onDatagram(3456, A.endpoint(), Messages.pong(A.peerId(), PUBLIC_A, NatType.STATIC, 0), 1_450, fx);
        fx.runTimers(peer, 1_450, 10_000);
        assertThat(fx.drain()).as("both answered: no more reports").isEmpty();
    }
}
