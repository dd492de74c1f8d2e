package org.ptpmesh.introducer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.messages.Received;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.KeyClaims;
import org.ptpmesh.secure.KeyedPeerId;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.ErrorCode;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * What a key decides at the introducer (docs/protocol.md 6.9): a peer that pinged sealed is bound
 * to its key, no plain datagram naming it moves it, is introduced or relays as it; keyed and
 * legacy peers meet only when the introducer allows it; keyed peers learn each other's key.
 * Sealed datagrams are handed in as the session layer hands them on, marked with their key.
 */
class KeyedIntroducerTest {

    private static final PeerId SELF = PeerId.of(new byte[16]);
    private static final byte[] KEY_A = filled(0xA1);
    private static final byte[] KEY_B = filled(0xB2);
    private static final PeerId A = KeyedPeerId.of(KEY_A);
    private static final PeerId B = KeyedPeerId.of(KEY_B);
    private static final PeerId LEGACY = PeerId.of(Arrays.copyOf(filled(7), 16));
    private static final Endpoint A_AT = Endpoint.of("203.0.113.2", 40000);
    private static final Endpoint B_AT = Endpoint.of("203.0.113.3", 50000);
    private static final Endpoint LEGACY_AT = Endpoint.of("203.0.113.4", 60000);
    private static final Endpoint ATTACKER = Endpoint.of("198.51.100.66", 6666);

    private final RecordingEffects fx = new RecordingEffects();

    private static byte[] filled(int b) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) b);
        return key;
    }

    private static Received decode(byte[] d) {
        return ((Received.Accepted) Received.parse(new DatagramView(), d)).message();
    }

    private static Introducer introducer(boolean allowLegacyIntro) {
        return new Introducer(IntroducerConfig.builder("i", 3456).allowLegacyIntro(allowLegacyIntro).build(), SELF, 0,
                new Random(1));
    }

    /** {@code data} as it arrives: plain when {@code key} is null, else opened from a session that proved {@code key}. */
    private void receive(Introducer i, Endpoint from, byte[] data, byte[] key, long now) {
        DecodedDatagram d = new DecodedDatagram().decode(data);
        i.onMessage(3456, from, key == null ? d : d.authenticatedBy(key), now, fx);
    }

    /** A peer's first ping and the echo of its challenge's cookie, sealed with {@code key} (plain when null). */
    private void register(Introducer i, PeerId who, byte[] key, Endpoint from, long now) {
        receive(i, from, Messages.ping(who, NatType.EASY, 0, 3457, null, 1L << 40), key, now);
        Received challenge = decode(fx.sent.remove(fx.sent.size() - 1).payload());
        receive(i, from, Messages.ping(who, NatType.EASY, 0, 3457, null, 1L << 40, challenge.uint(TlvTypes.MYTS, -1)), key, now);
        fx.clearOutput();
    }

    /** An introducer where A is registered keyed and {@code other} too (keyed by {@code otherKey}, legacy when null). */
    private Introducer withA(boolean allowLegacyIntro, PeerId other, byte[] otherKey, Endpoint otherAt) {
        Introducer i = introducer(allowLegacyIntro);
        register(i, A, KEY_A, A_AT, 10);
        register(i, other, otherKey, otherAt, 10);
        return i;
    }

    private List<RecordingEffects.Sent> sentTo(Endpoint to) {
        return fx.sent.stream().filter(s -> s.to().equals(to)).toList();
    }

    private static long dropped(Introducer i, KeyClaims.Refusal reason) {
        return i.drops().get(reason.label());
    }

    @Test
    void plainDatagramsClaimingAKeyedIdAreDroppedAndTheVictimKeepsItsIntroductionsAndRelay() {
        Introducer i = withA(false, B, KEY_B, B_AT);
        register(i, LEGACY, null, LEGACY_AT, 10);

        receive(i, ATTACKER, Messages.ping(A, NatType.EASY, 0, 3457, null, 1L << 40), null, 20);
        receive(i, ATTACKER, Messages.introRequest(A, B, NatType.EASY), null, 21);
        receive(i, ATTACKER, Messages.relay(A, B, new byte[] {1}), null, 22);
        // forged from the victim's own address, a plain ping would not be a refresh either
        receive(i, A_AT, Messages.ping(A, NatType.HARD, 0, 3457, null, 1L << 40), null, 23);
        assertThat(fx.sent).as("no answer to any of them").isEmpty();
        assertThat(dropped(i, KeyClaims.Refusal.KEYED_ID_CLAIMED_PLAIN)).isEqualTo(4);
        // the control: the same plain ping on the legacy peer's id is challenged, the way to take it over
        receive(i, ATTACKER, Messages.ping(LEGACY, NatType.EASY, 0, 3457, null, 1L << 40), null, 24);
        assertThat(sentTo(ATTACKER)).hasSize(1);
        fx.clearOutput();

        receive(i, B_AT, Messages.introRequest(B, A, NatType.EASY), KEY_B, 30);
        Received toB = decode(sentTo(B_AT).get(0).payload());
        assertThat(toB.kind()).isEqualTo(MessageKind.INTRO);
        assertThat(toB.address(TlvTypes.PEERADDR)).as("A where it pinged from").isEqualTo(A_AT);
        assertThat(toB.uint(TlvTypes.PEERNAT, -1)).as("not the forged HARD").isEqualTo(NatType.EASY.code());
        assertThat(sentTo(A_AT)).singleElement().satisfies(s -> assertThat(decode(s.payload()).kind()).isEqualTo(MessageKind.INTRO));
        fx.clearOutput();
        receive(i, B_AT, Messages.relay(B, A, new byte[] {5}), KEY_B, 31);
        assertThat(fx.sent).singleElement().satisfies(s -> assertThat(s.to()).isEqualTo(A_AT));
    }

    @Test
    void anIntroBetweenKeyedPeersCarriesEachTheOthersKey() {
        Introducer i = withA(false, B, KEY_B, B_AT);
        receive(i, A_AT, Messages.introRequest(A, B, NatType.EASY), KEY_A, 20);
        assertThat(decode(sentTo(A_AT).get(0).payload()).message().bytes(TlvTypes.PEERKEY)).hasValue(KEY_B);
        assertThat(decode(sentTo(B_AT).get(0).payload()).message().bytes(TlvTypes.PEERKEY)).hasValue(KEY_A);
    }

    @Test
    void keyedAndLegacyPeersAreNeitherIntroducedNorRelayedUnlessTheIntroducerAllowsIt() {
        Introducer i = withA(false, LEGACY, null, LEGACY_AT);
        receive(i, A_AT, Messages.introRequest(A, LEGACY, NatType.EASY), KEY_A, 20);
        receive(i, LEGACY_AT, Messages.introRequest(LEGACY, A, NatType.EASY), null, 21);
        receive(i, A_AT, Messages.relay(A, LEGACY, new byte[] {1}), KEY_A, 22);
        assertThat(sentTo(LEGACY_AT)).singleElement().satisfies(s -> assertError(s, MessageKind.INTRO_ERROR));
        assertThat(sentTo(A_AT)).hasSize(2);
        assertError(sentTo(A_AT).get(0), MessageKind.INTRO_ERROR);
        assertError(sentTo(A_AT).get(1), MessageKind.RELAY_ERROR);
        assertThat(i.drops().get(IntroducerDropReason.RELAY_LEGACY_PEER.label())).isOne();
        fx.clearOutput();

        Introducer allowing = withA(true, LEGACY, null, LEGACY_AT);
        receive(allowing, A_AT, Messages.introRequest(A, LEGACY, NatType.EASY), KEY_A, 20);
        Received toA = decode(sentTo(A_AT).get(0).payload());
        assertThat(toA.kind()).isEqualTo(MessageKind.INTRO);
        assertThat(toA.message().bytes(TlvTypes.PEERKEY)).as("no key to expect from a legacy peer").isEmpty();
        assertThat(decode(sentTo(LEGACY_AT).get(0).payload()).message().bytes(TlvTypes.PEERKEY)).isEmpty();
        fx.clearOutput();
        receive(allowing, A_AT, Messages.relay(A, LEGACY, new byte[] {1}), KEY_A, 22);
        assertThat(fx.sent).singleElement().satisfies(s -> assertThat(decode(s.payload()).kind()).isEqualTo(MessageKind.RELAYED));
    }

    private static void assertError(RecordingEffects.Sent s, MessageKind kind) {
        Received m = decode(s.payload());
        assertThat(m.kind()).isEqualTo(kind);
        assertThat(m.uint(TlvTypes.ERRCODE, -1)).isEqualTo(ErrorCode.LEGACY_PEER.code());
    }

    @Test
    void aKeyedPingTakesOverALegacyClaimOnItsIdAndBreaksTheClaimantsIntroductions() {
        Introducer i = introducer(true);
        register(i, A, null, ATTACKER, 10);
        register(i, LEGACY, null, LEGACY_AT, 10);
        receive(i, LEGACY_AT, Messages.introRequest(LEGACY, A, NatType.EASY), null, 11);
        assertThat(sentTo(ATTACKER)).as("the claim worked while the key was absent").hasSize(1);
        fx.clearOutput();

        register(i, A, KEY_A, A_AT, 20);
        assertThat(i.registrations()).isEqualTo(2);
        receive(i, LEGACY_AT, Messages.relay(LEGACY, A, new byte[] {1}), null, 21);
        assertThat(sentTo(ATTACKER)).isEmpty();
        assertThat(sentTo(A_AT)).as("the claimant's introduction does not carry over to the key's holder").isEmpty();
        register(i, B, KEY_B, B_AT, 22);
        receive(i, B_AT, Messages.introRequest(B, A, NatType.EASY), KEY_B, 23);
        assertThat(decode(sentTo(B_AT).get(0).payload()).address(TlvTypes.PEERADDR)).isEqualTo(A_AT);
    }

    @Test
    void aSealedPingNamingAnIdNotOfItsKeyIsDroppedUnanswered() {
        Introducer i = introducer(false);
        receive(i, A_AT, Messages.ping(B, NatType.EASY, 0, 3457, null, 1L << 40), KEY_A, 10);
        assertThat(fx.sent).isEmpty();
        assertThat(dropped(i, KeyClaims.Refusal.ID_NOT_OF_KEY)).isOne();
        assertThat(i.registrations()).isZero();
    }
}
