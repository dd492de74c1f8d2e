package org.ptpmesh.introducer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
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
        introducer = new Introducer(IntroducerConfig.defaults("i", 3456).withRelayQuota(3, 10_000), SELF, 0, new Random(1));
        introducer.start(0, fx);
    }

    private void ping(PeerId who, Endpoint from, NatType nat, long now) {
        register(introducer, who, from, nat, null, now);
    }

    /**
     * A peer's first ping and its echo of the cookie the challenge brought, as {@code Peer} sends
     * them; the challenge is taken out of what was sent, the full answer left in.
     */
    private void register(Introducer i, PeerId who, Endpoint from, NatType nat, Endpoint lan, long now) {
        i.onDatagram(3456, from, Messages.ping(who, nat, 0, 3457, lan, 1L << 40), now, fx);
        Received challenge = decode(fx.sent.remove(fx.sent.size() - 1).payload());
        assertThat(challenge.kind()).isEqualTo(MessageKind.PONG);
        long cookie = challenge.uint(TlvTypes.MYTS, -1);
        i.onDatagram(3456, from, Messages.ping(who, nat, 0, 3457, lan, 1L << 40, cookie), now, fx);
    }

    @Test
    void answersAPingWithTheObservedAddressAndATestFromItsOtherSocketOnceTheAddressIsProven() {
        byte[] first = Messages.ping(A, NatType.UNKNOWN, 0, 3457, null, 1L << 40);
        introducer.onDatagram(3456, A_AT, first, 10, fx);
        assertThat(fx.sent).as("a challenge only: no TEST before the address is proven").hasSize(1);
        Received challenge = decode(fx.sent.get(0).payload());
        assertThat(challenge.address(TlvTypes.YOURADDR)).isEqualTo(A_AT);
        assertThat(fx.sent.get(0).payload().length).isLessThanOrEqualTo(first.length);
        assertThat(introducer.registrations()).isZero();
        fx.clearOutput();
        introducer.onDatagram(3456, A_AT, Messages.ping(A, NatType.UNKNOWN, 0, 3457, null, 1L << 40,
                challenge.uint(TlvTypes.MYTS, -1)), 11, fx);
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
    void aDualStackPeerKeepsOneRegistrationPerFamilyAndEachHalfIsIntroducedToItsOwnFamily() {
        Endpoint a6 = Endpoint.of("2001:db8::2", 40002);
        Endpoint b6 = Endpoint.of("2001:db8::3", 50002);
        ping(A, A_AT, NatType.EASY, 10);
        // an IPv6 PONG is larger: the pings carry an IPv6 LAN address, as a Peer's do, to get their challenge
        register(introducer, A, a6, NatType.EASY, a6, 11);
        ping(B, B_AT, NatType.EASY, 12);
        register(introducer, B, b6, NatType.EASY, b6, 13);
        assertThat(introducer.registrations()).isEqualTo(4);
        fx.clearOutput();
        // keyed by id alone, A's IPv4 keepalive would now be a stranger's ping and get a challenge
        introducer.onDatagram(3456, A_AT, Messages.ping(A, NatType.EASY, 0, 3457, null, 1L << 40), 20, fx);
        assertThat(decode(fx.sent.get(0).payload()).uint(TlvTypes.MYTS, -1)).as("no challenge").isEqualTo(-1);
        fx.clearOutput();

        introducer.onDatagram(3456, a6, Messages.introRequest(A, B, NatType.EASY), 30, fx);
        assertThat(fx.sent).extracting(RecordingEffects.Sent::to).containsExactly(a6, b6);
        assertThat(decode(fx.sent.get(0).payload()).address(TlvTypes.PEERADDR)).isEqualTo(b6);
        fx.clearOutput();
        introducer.onDatagram(3456, A_AT, Messages.introRequest(A, B, NatType.EASY), 31, fx);
        assertThat(fx.sent).extracting(RecordingEffects.Sent::to).containsExactly(A_AT, B_AT);
        assertThat(decode(fx.sent.get(0).payload()).address(TlvTypes.PEERADDR)).isEqualTo(B_AT);
    }

    @Test
    void aMappedPeerIsIntroducedAtItsMappedPortButAMappingOnAnotherIpIsRefused() {
        Endpoint mapped = new Endpoint(A_AT.address(), 50000);
        introducer.onDatagram(3456, A_AT, Messages.ping(A, NatType.STATIC, 0, 3457, null, 1L << 40, null, mapped), 10, fx);
        long cookie = decode(fx.sent.remove(fx.sent.size() - 1).payload()).uint(TlvTypes.MYTS, -1);
        introducer.onDatagram(3456, A_AT, Messages.ping(A, NatType.STATIC, 0, 3457, null, 1L << 40, cookie, mapped), 10, fx);
        // B claims a mapping on A's IP: it could only aim A's punches at someone else
        Endpoint elsewhere = new Endpoint(A_AT.address(), 50001);
        introducer.onDatagram(3456, B_AT, Messages.ping(B, NatType.STATIC, 0, 3457, null, 1L << 40, null, elsewhere), 10, fx);
        cookie = decode(fx.sent.remove(fx.sent.size() - 1).payload()).uint(TlvTypes.MYTS, -1);
        introducer.onDatagram(3456, B_AT, Messages.ping(B, NatType.STATIC, 0, 3457, null, 1L << 40, cookie, elsewhere), 10, fx);
        fx.clearOutput();
        introducer.onDatagram(3456, A_AT, Messages.introRequest(A, B, NatType.STATIC), 20, fx);
        Received toA = decode(fx.sent.get(0).payload());
        Received toB = decode(fx.sent.get(1).payload());
        assertThat(fx.sent.get(1).to()).as("B is still reached where it pings from").isEqualTo(B_AT);
        assertThat(toB.address(TlvTypes.PEERADDR)).as("B punches A's mapped port").isEqualTo(mapped);
        assertThat(toA.address(TlvTypes.PEERADDR)).as("B's foreign mapping ignored").isEqualTo(B_AT);
        assertThat(introducer.drops().get("mapped_elsewhere")).isEqualTo(1);
    }

    @Test
    void peersBehindOnePublicAddressGetEachOthersLanAddress() {
        register(introducer, A, A_AT, NatType.EASY, Endpoint.of("10.0.0.2", 3456), 10);
        register(introducer, B, B_LAN_SIBLING, NatType.EASY, Endpoint.of("10.0.0.3", 3456), 10);
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
        // A's id, but not from where A registered: no INTRO to anyone, and no error either, since
        // it would be larger than the request to an address no one proved
        introducer.onDatagram(3456, Endpoint.of("192.0.2.9", 1), Messages.introRequest(A, B, NatType.EASY), 40, fx);
        assertThat(fx.sent).isEmpty();
        assertThat(introducer.drops().get(IntroducerDropReason.ANSWER_TOO_LARGE.label())).isOne();
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

    /**
     * RELAYs that would come back: to the sender itself, to the introducer's own id, or carrying a
     * RELAY or RELAYED (which the target could only send on). Measured: each is dropped as
     * relay_loop, nothing is sent for it (no RELAYED, no RELAY_ERROR), and it takes nothing from
     * the sender's quota: the genuine relay after them still goes.
     */
    @Test
    void aRelayThatWouldLoopIsDroppedUnansweredAndCostsTheSenderNoQuota() {
        ping(A, A_AT, NatType.HARD, 10);
        ping(B, B_AT, NatType.HARD, 10);
        introducer.onDatagram(3456, A_AT, Messages.introRequest(A, B, NatType.HARD), 20, fx);
        fx.clearOutput();
        introducer.onDatagram(3456, A_AT, Messages.relay(A, A, new byte[] {1}), 30, fx);
        introducer.onDatagram(3456, A_AT, Messages.relay(A, SELF, new byte[] {1}), 31, fx);
        introducer.onDatagram(3456, A_AT, Messages.relay(A, B, Messages.relay(B, A, new byte[] {1})), 32, fx);
        introducer.onDatagram(3456, A_AT, Messages.relay(A, B, Messages.relayed(SELF, B, new byte[] {1})), 33, fx);
        assertThat(introducer.drops().get("relay_loop")).isEqualTo(4);
        assertThat(fx.sent).isEmpty();

        for (int i = 0; i < 3; i++) {
            introducer.onDatagram(3456, A_AT, Messages.relay(A, B, new byte[] {(byte) i}), 40 + i, fx);
        }
        assertThat(fx.sent).filteredOn(s -> s.to().equals(B_AT)).hasSize(3);
        assertThat(introducer.drops().get("relay_quota")).isZero();
    }

    /**
     * The quota is per pair: B spending its whole budget toward A (answering a flood from A, say)
     * leaves its budget toward C whole. Measured: 3 relayed to A, then 3 to C, in one window.
     */
    @Test
    void aPeerSpendingItsQuotaTowardOnePeerCanStillRelayToAnother() {
        PeerId c = id(4);
        Endpoint cAt = Endpoint.of("203.0.113.4", 60000);
        ping(A, A_AT, NatType.HARD, 10);
        ping(B, B_AT, NatType.HARD, 10);
        ping(c, cAt, NatType.HARD, 10);
        introducer.onDatagram(3456, A_AT, Messages.introRequest(A, B, NatType.HARD), 20, fx);
        introducer.onDatagram(3456, cAt, Messages.introRequest(c, B, NatType.HARD), 20, fx);
        fx.clearOutput();
        for (int i = 0; i < 5; i++) {
            introducer.onDatagram(3456, B_AT, Messages.relay(B, A, new byte[] {(byte) i}), 30 + i, fx);
        }
        for (int i = 0; i < 3; i++) {
            introducer.onDatagram(3456, B_AT, Messages.relay(B, c, new byte[] {(byte) i}), 40 + i, fx);
        }
        assertThat(fx.sent).filteredOn(s -> s.to().equals(A_AT) && decode(s.payload()).kind() == MessageKind.RELAYED).hasSize(3);
        assertThat(fx.sent).filteredOn(s -> s.to().equals(cAt)).hasSize(3);
        assertThat(introducer.drops().get("relay_quota")).isEqualTo(2);
    }

    /** A relay over its quota (a relayed transfer can send thousands) is traced a few times a second, then summed. */
    @Test
    void refusedDatagramsAreTracedWithinTheBudgetThenSummed() {
        Introducer logged = new Introducer(IntroducerConfig.defaults("i", 3456).withRelayQuota(1, 10_000).toBuilder()
                .dropLogPerSecond(2).build(), SELF, 0, new Random(3));
        logged.start(0, fx);
        register(logged, A, A_AT, NatType.HARD, null, 10);
        register(logged, B, B_AT, NatType.HARD, null, 10);
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
                    .isLessThanOrEqualTo(d.length);
        }
        assertThat(introducer.registrations()).isEqualTo(2);
    }

    @Test
    void aPingFromAnAddressNotProvenBringsNoMoreBytesThanItAndNoTest() {
        // a forged ping: the victim at 192.0.2.78 gets the challenge, no larger than the ping, and nothing else
        byte[] ping = Messages.ping(id(9), NatType.UNKNOWN, 0, 3457, null, 1L << 40);
        fx.clearOutput();
        introducer.onDatagram(3456, Endpoint.of("192.0.2.78", 7778), ping, 20, fx);
        assertThat(fx.sent).hasSize(1);
        assertThat(fx.sent.get(0).payload().length).isLessThanOrEqualTo(ping.length);
        assertThat(introducer.registrations()).isZero();
        // a wrong cookie proves nothing: challenged again
        fx.clearOutput();
        introducer.onDatagram(3456, Endpoint.of("192.0.2.78", 7778),
                Messages.ping(id(9), NatType.UNKNOWN, 0, 3457, null, 1L << 40, 12345), 21, fx);
        assertThat(fx.sent).hasSize(1).allMatch(s -> s.localPort() == 3456);
    }

    @Test
    void aPingTooSmallForTheChallengeIsNotAnswered() {
        // the smallest legal PING: MSGKIND, UUID and a 1-byte NAT, 27 bytes
        byte[] tiny = org.ptpmesh.wire.Codec.encode(org.ptpmesh.wire.Message.of(MessageKind.PING, id(9).bytes())
                .uint(TlvTypes.NAT, 0, 1).build());
        fx.clearOutput();
        introducer.onDatagram(3456, Endpoint.of("192.0.2.79", 7779), tiny, 20, fx);
        assertThat(fx.sent).isEmpty();
        assertThat(introducer.drops().get(IntroducerDropReason.ANSWER_TOO_LARGE.label())).isEqualTo(1);
    }

    @Test
    void aCookieProvesOnlyTheAddressAndIdItWasMadeFor() {
        byte[] first = Messages.ping(A, NatType.EASY, 0, 3457, null, 1L << 40);
        introducer.onDatagram(3456, A_AT, first, 10, fx);
        long cookie = decode(fx.sent.get(0).payload()).uint(TlvTypes.MYTS, -1);
        fx.clearOutput();
        // another port, another id, or 20 s later: challenged again, no TEST
        introducer.onDatagram(3456, new Endpoint(A_AT.address(), 40001), Messages.ping(A, NatType.EASY, 0, 3457, null, 1L << 40, cookie), 11, fx);
        introducer.onDatagram(3456, A_AT, Messages.ping(B, NatType.EASY, 0, 3457, null, 1L << 40, cookie), 12, fx);
        introducer.onDatagram(3456, A_AT, Messages.ping(A, NatType.EASY, 0, 3457, null, 1L << 40, cookie), 20_010, fx);
        assertThat(fx.sent).hasSize(3).allMatch(s -> s.localPort() == 3456);
        assertThat(introducer.registrations()).isZero();
    }

    @Test
    void aTestFollowsOnlyAFreshRoundTripEvenFromARegisteredAddress() {
        ping(A, A_AT, NatType.EASY, 10);
        fx.clearOutput();
        // forged from A's own address, asking for the NAT check: a challenge, no TEST to the port it names
        byte[] forged = Messages.ping(A, NatType.UNKNOWN, 0, 9999, null, 1L << 40);
        introducer.onDatagram(3456, A_AT, forged, 20, fx);
        assertThat(fx.sent).singleElement().satisfies(s -> {
            assertThat(s.localPort()).isEqualTo(3456);
            assertThat(s.payload().length).isLessThanOrEqualTo(forged.length);
        });
        // a keepalive ping from there (NAT known) is answered with a PONG no larger than itself
        fx.clearOutput();
        byte[] keepalive = Messages.ping(A, NatType.EASY, 0, 3457, null, 1L << 40);
        introducer.onDatagram(3456, A_AT, keepalive, 30, fx);
        assertThat(fx.sent).singleElement().satisfies(s -> {
            assertThat(decode(s.payload()).uint(TlvTypes.MYTS, -1)).as("no cookie").isEqualTo(-1);
            assertThat(s.payload().length).isLessThanOrEqualTo(keepalive.length);
        });
    }

    @Test
    void forgetsSilentPeersAndBoundsItsTable() {
        Introducer small = new Introducer(IntroducerConfig.defaults("i", 3456).withMaxRegistrations(2), SELF, 0, new Random(2));
        small.start(0, fx);
        register(small, A, A_AT, NatType.EASY, null, 1);
        register(small, B, B_AT, NatType.EASY, null, 1);
        register(small, id(9), Endpoint.of("192.0.2.1", 1), NatType.EASY, null, 1);
        assertThat(small.registrations()).isEqualTo(2);
        assertThat(small.drops().get("table_full")).isEqualTo(1);
        small.onTimer(Introducer.Timer.PURGE, 5 * 29_000 + 10, fx);
        assertThat(small.registrations()).isZero();
    }
}
