package org.ptpmesh.introducer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.messages.Received;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

class IntroducerTest {

    private static final PeerId SELF = id(1);
    private static final PeerId A = id(2);
    private static final PeerId B = id(3);
    private static final Endpoint A_AT = Endpoint.of("203.0.113.2", 40000);
    private static final Endpoint B_AT = Endpoint.of("203.0.113.3", 50000);
    private static final Endpoint B_LAN_SIBLING = Endpoint.of("203.0.113.2", 40001);

    private final RecordingEffects fx = new RecordingEffects();
    private Introducer introducer;

    private static PeerId id(int b) {
        byte[] bytes = new byte[16];
        bytes[15] = (byte) b;
        return PeerId.of(bytes);
    }

    private static Received decode(byte[] d) {
        return ((Received.Accepted) Received.parse(new DatagramView(), d)).message();
    }

    @BeforeEach
    void start() {
        introducer = new Introducer(IntroducerConfig.defaults("i", 3456).withRelayQuota(3, 10_000), SELF, 0);
        introducer.start(0, fx);
    }

    private void ping(PeerId who, Endpoint from, NatType nat, long now) {
        introducer.onDatagram(3456, from, Messages.ping(who, nat, 0, 3457, null), now, fx);
    }

    @Test
    void answersAPingWithTheObservedAddressAndATestFromItsOtherSocket() {
        ping(A, A_AT, NatType.UNKNOWN, 10);
        assertThat(fx.sent).hasSize(2);
        Received pong = decode(fx.sent.get(0).payload());
        assertThat(pong.kind()).isEqualTo(MessageKind.PONG);
        assertThat(pong.address(TlvTypes.YOURADDR)).isEqualTo(A_AT);
        assertThat(fx.sent.get(0).to()).isEqualTo(A_AT);
        assertThat(fx.sent.get(1).localPort()).isEqualTo(3457);
        assertThat(fx.sent.get(1).to()).isEqualTo(new Endpoint(A_AT.address(), 3457));
        assertThat(decode(fx.sent.get(1).payload()).kind()).isEqualTo(MessageKind.TEST);
    }

    @Test
    void introducesBothPeersToEachOther() {
        ping(A, A_AT, NatType.EASY, 10);
        ping(B, B_AT, NatType.HARD, 10);
        fx.clearOutput();
        introducer.onDatagram(3456, A_AT, Messages.introRequest(A, B, NatType.EASY), 20, fx);
        assertThat(fx.sent).hasSize(2);
        Received toA = decode(fx.sent.get(0).payload());
        Received toB = decode(fx.sent.get(1).payload());
        assertThat(toA.target()).isEqualTo(B);
        assertThat(toA.address(TlvTypes.PEERADDR)).isEqualTo(B_AT);
        assertThat(toA.uint(TlvTypes.PEERNAT, -1)).isEqualTo(NatType.HARD.code());
        assertThat(toB.target()).isEqualTo(A);
        assertThat(toB.address(TlvTypes.PEERADDR)).isEqualTo(A_AT);
        assertThat(toA.uint(TlvTypes.ATTEMPT, -1)).isEqualTo(toB.uint(TlvTypes.ATTEMPT, -2));
        assertThat(toA.address(TlvTypes.PEERLANADDR)).isNull();
    }

    @Test
    void peersBehindOnePublicAddressGetEachOthersLanAddress() {
        introducer.onDatagram(3456, A_AT, Messages.ping(A, NatType.EASY, 0, 3457, Endpoint.of("10.0.0.2", 3456)), 10, fx);
        introducer.onDatagram(3456, B_LAN_SIBLING, Messages.ping(B, NatType.EASY, 0, 3457, Endpoint.of("10.0.0.3", 3456)), 10, fx);
        fx.clearOutput();
        introducer.onDatagram(3456, A_AT, Messages.introRequest(A, B, NatType.EASY), 20, fx);
        assertThat(decode(fx.sent.get(0).payload()).address(TlvTypes.PEERLANADDR)).isEqualTo(Endpoint.of("10.0.0.3", 3456));
    }

    @Test
    void refusesIntroductionsForUnknownPeersAndSpoofedRequesters() {
        ping(A, A_AT, NatType.EASY, 10);
        fx.clearOutput();
        introducer.onDatagram(3456, A_AT, Messages.introRequest(A, B, NatType.EASY), 20, fx);
        assertThat(decode(fx.sent.get(0).payload()).kind()).isEqualTo(MessageKind.INTRO_ERROR);
        ping(B, B_AT, NatType.EASY, 30);
        fx.clearOutput();
        // A's id, but not from where A registered: an error goes back to the sender only, no INTRO to anyone.
        introducer.onDatagram(3456, Endpoint.of("192.0.2.9", 1), Messages.introRequest(A, B, NatType.EASY), 40, fx);
        assertThat(fx.sent).hasSize(1);
        assertThat(decode(fx.sent.get(0).payload()).kind()).isEqualTo(MessageKind.INTRO_ERROR);
    }

    @Test
    void relaysOnlyBetweenIntroducedPeersWithinTheQuota() {
        ping(A, A_AT, NatType.HARD, 10);
        ping(B, B_AT, NatType.HARD, 10);
        fx.clearOutput();
        introducer.onDatagram(3456, A_AT, Messages.relay(A, B, new byte[] {1}), 15, fx);
        assertThat(decode(fx.sent.get(0).payload()).kind()).isEqualTo(MessageKind.RELAY_ERROR);
        introducer.onDatagram(3456, A_AT, Messages.introRequest(A, B, NatType.HARD), 20, fx);
        fx.clearOutput();
        for (int i = 0; i < 5; i++) {
            introducer.onDatagram(3456, A_AT, Messages.relay(A, B, new byte[] {(byte) i}), 30 + i, fx);
        }
        assertThat(fx.sent).filteredOn(s -> s.to().equals(B_AT)).hasSize(3);
        Received relayed = decode(fx.sent.get(0).payload());
        assertThat(relayed.kind()).isEqualTo(MessageKind.RELAYED);
        assertThat(relayed.fromId()).isEqualTo(A);
        assertThat(relayed.payload()).containsExactly(0);
        assertThat(fx.sent).filteredOn(s -> s.to().equals(A_AT)).hasSize(1); // one RELAY_ERROR, not one per drop
        assertThat(introducer.drops().get("relay_quota")).isEqualTo(2);
        fx.clearOutput();
        introducer.onDatagram(3456, A_AT, Messages.relay(A, B, new byte[] {9}), 10_040, fx);
        assertThat(fx.sent).filteredOn(s -> s.to().equals(B_AT)).hasSize(1); // a new window
    }

    /** A relay over its quota (a relayed transfer can send thousands) is traced a few times a second, then summed. */
    @Test
    void refusedDatagramsAreTracedWithinTheBudgetThenSummed() {
        Introducer logged = new Introducer(IntroducerConfig.defaults("i", 3456).withRelayQuota(1, 10_000).toBuilder()
                .dropLogPerSecond(2).build(), SELF, 0);
        logged.start(0, fx);
        logged.onDatagram(3456, A_AT, Messages.ping(A, NatType.HARD, 0, 3457, null), 10, fx);
        logged.onDatagram(3456, B_AT, Messages.ping(B, NatType.HARD, 0, 3457, null), 10, fx);
        logged.onDatagram(3456, A_AT, Messages.introRequest(A, B, NatType.HARD), 20, fx);
        for (int i = 0; i < 6; i++) {
            logged.onDatagram(3456, A_AT, Messages.relay(A, B, new byte[] {(byte) i}), 30 + i, fx);
        }
        assertThat(fx.trace).filteredOn(t -> t.event().equals("Drop")).hasSize(2)
                .allSatisfy(t -> assertThat(t.params()).containsEntry("reason", "relay_quota")
                        .containsEntry("from", A_AT.toString()));
        logged.onDatagram(3457, B_AT, new byte[] {1, 2, 3}, 1_100, fx);
        assertThat(fx.trace).filteredOn(t -> t.event().equals("DropsUnlogged")).singleElement()
                .satisfies(t -> assertThat(t.params()).containsEntry("count", 3L));
        assertThat(fx.trace).filteredOn(t -> t.event().equals("Drop")).last()
                .satisfies(t -> assertThat(t.params()).containsEntry("reason", "wrong_port"));
    }

    @Test
    void aStrangersDatagramsReachNobodyElseAndComeBackNoLarger() {
        ping(A, A_AT, NatType.EASY, 10);
        ping(B, B_AT, NatType.EASY, 10);
        Endpoint stranger = Endpoint.of("192.0.2.77", 7777);
        byte[][] hostile = {
            Messages.introRequest(id(9), B, NatType.EASY),   // unregistered id
            Messages.introRequest(A, B, NatType.EASY),       // A's id, spoofed from elsewhere
            Messages.relay(id(9), B, new byte[200]),
            Messages.relay(A, B, new byte[200]),
            Messages.punch(id(9), 1, -1),
            {1, 2, 3},
        };
        for (byte[] d : hostile) {
            fx.clearOutput();
            introducer.onDatagram(3456, stranger, d, 20, fx);
            assertThat(fx.sent).as("answers to a stranger").allMatch(s -> s.to().equals(stranger));
            assertThat(fx.sent.stream().mapToInt(s -> s.payload().length).sum()).as("bytes back")
                    .isLessThanOrEqualTo(d.length + 1);
        }
        assertThat(introducer.registrations()).isEqualTo(2);
    }

    @Test
    void aPingFromAnySourceIsAnsweredWithLessThanTwiceItsSize() {
        // The NAT check answers every ping, so a spoofed one is reflected: PONG + TEST, bounded.
        byte[] ping = Messages.ping(id(9), NatType.UNKNOWN, 0, 3457, null);
        fx.clearOutput();
        introducer.onDatagram(3456, Endpoint.of("192.0.2.78", 7778), ping, 20, fx);
        assertThat(fx.sent).hasSize(2);
        assertThat(fx.sent.stream().mapToInt(s -> s.payload().length).sum()).isLessThan(2 * ping.length);
    }

    @Test
    void forgetsSilentPeersAndBoundsItsTable() {
        Introducer small = new Introducer(IntroducerConfig.defaults("i", 3456).withMaxRegistrations(2), SELF, 0);
        small.start(0, fx);
        small.onDatagram(3456, A_AT, Messages.ping(A, NatType.EASY, 0, 3457, null), 1, fx);
        small.onDatagram(3456, B_AT, Messages.ping(B, NatType.EASY, 0, 3457, null), 1, fx);
        small.onDatagram(3456, Endpoint.of("192.0.2.1", 1), Messages.ping(id(9), NatType.EASY, 0, 3457, null), 1, fx);
        assertThat(small.registrations()).isEqualTo(2);
        assertThat(small.drops().get("table_full")).isEqualTo(1);
        small.onTimer(Introducer.Timer.PURGE, 5 * 29_000 + 10, fx);
        assertThat(small.registrations()).isZero();
    }
}
