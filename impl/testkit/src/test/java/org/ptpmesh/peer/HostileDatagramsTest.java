package org.ptpmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/** Datagrams a peer must not act on change nothing, are counted, and get no answer. */
class HostileDatagramsTest {

    private static final Endpoint STRANGER = Endpoint.of("192.0.2.66", 6666);
    private static final PeerId NOBODY = PeerId.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});

    private final RecordingEffects fx = new RecordingEffects();
    private final Peer peer = LivenessModelTest.connectedPeer(fx);

    private void assertNothingChanged(Runnable hostile, String dropReason) {
        NatType nat = peer.nat();
        Endpoint pub = peer.publicAddress();
        long before = peer.drops().get(dropReason);
        fx.clearOutput();
        hostile.run();
        assertThat(fx.sent).as("answers to " + dropReason).isEmpty();
        assertThat(peer.drops().get(dropReason)).isEqualTo(before + 1);
        assertThat(peer.nat()).isEqualTo(nat);
        assertThat(peer.publicAddress()).isEqualTo(pub);
        assertThat(peer.pathTo(LivenessModelTest.OTHER)).isEqualTo(Path.DIRECT);
        assertThat(peer.knows(NOBODY)).isFalse();
    }

    @Test
    void badChecksum() {
        byte[] d = Messages.pong(LivenessModelTest.A.peerId(), Endpoint.of("1.2.3.4", 1), NatType.HARD, 0);
        d[d.length - 1] ^= 1;
        assertNothingChanged(() -> peer.onDatagram(3456, LivenessModelTest.A.endpoint(), d, 5_000, fx), "bad_checksum");
    }

    @Test
    void unknownMessageKind() {
        byte[] d = org.ptpmesh.wire.Codec.encode(org.ptpmesh.wire.Message.builder().uint(org.ptpmesh.wire.TlvTypes.MSGKIND, 99)
                .bytes(org.ptpmesh.wire.TlvTypes.UUID, NOBODY.bytes()).build());
        assertNothingChanged(() -> peer.onDatagram(3456, STRANGER, d, 5_000, fx), "unknown_message");
    }

    @Test
    void pongFromAnUnknownPeer() {
        assertNothingChanged(() -> peer.onDatagram(3456, STRANGER, Messages.pong(NOBODY, Endpoint.of("1.2.3.4", 9), NatType.HARD, 0),
                5_000, fx), "unexpected_pong");
    }

    @Test
    void pongClaimingToBeTheIntroducerFromASpoofedSource() {
        assertNothingChanged(() -> peer.onDatagram(3456, STRANGER,
                Messages.pong(LivenessModelTest.A.peerId(), Endpoint.of("1.2.3.4", 9), NatType.HARD, 0), 5_000, fx), "unexpected_pong");
    }

    @Test
    void introNotFromAnIntroducer() {
        assertNothingChanged(() -> peer.onDatagram(3456, STRANGER,
                Messages.intro(LivenessModelTest.A.peerId(), NOBODY, STRANGER, NatType.EASY, 77, null), 5_000, fx), "not_from_introducer");
    }

    @Test
    void introNamingThePeerItself() {
        assertNothingChanged(() -> peer.onDatagram(3456, LivenessModelTest.A.endpoint(),
                Messages.intro(LivenessModelTest.A.peerId(), LivenessModelTest.SELF, STRANGER, NatType.EASY, 78, null), 5_000, fx),
                "intro_for_self");
        assertThat(peer.knows(LivenessModelTest.SELF)).isFalse();
    }

    @Test
    void introErrorForAnIdNobodyAskedFor() {
        assertNothingChanged(() -> peer.onDatagram(3456, LivenessModelTest.A.endpoint(),
                Messages.introError(LivenessModelTest.A.peerId(), NOBODY, org.ptpmesh.wire.ErrorCode.UNKNOWN_PEER), 5_000, fx),
                "unexpected_intro_error");
    }

    @Test
    void punchWithoutAnIntroduction() {
        assertNothingChanged(() -> peer.onDatagram(3456, STRANGER, Messages.punch(NOBODY, 1, -1), 5_000, fx), "punch_unvouched");
    }

    @Test
    void dataFromAnotherAddressThanTheConfirmedPath() {
        assertNothingChanged(() -> peer.onDatagram(3456, STRANGER, Messages.data(LivenessModelTest.OTHER, 1, new byte[] {1}), 5_000, fx),
                "data_off_path");
    }

    @Test
    void testMessageFromAStrangerOnTheTestPort() {
        assertNothingChanged(() -> peer.onDatagram(3457, STRANGER, Messages.test(NOBODY, STRANGER), 5_000, fx), "unexpected_test");
    }

    @Test
    void randomGarbageNeverThrowsAndIsAllCounted() {
        Random r = new Random(4);
        long before = peer.drops().total();
        for (int i = 0; i < 5_000; i++) {
            byte[] junk = new byte[r.nextInt(200)];
            r.nextBytes(junk);
            peer.onDatagram(3456, STRANGER, junk, 5_000, fx);
        }
        assertThat(peer.drops().total() - before).isEqualTo(5_000);
        assertThat(peer.pathTo(LivenessModelTest.OTHER)).isEqualTo(Path.DIRECT);
    }
}
