package org.ptpmesh.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ptpmesh.noise.NoiseHandshakePropertiesTest.refusal;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link HandshakeState}'s refusals: out of turn, malformed, oversized. */
class NoiseHandshakeStateTest {

    private static final byte[] EMPTY = new byte[0];

    private static Conversation conversation(HandshakePattern pattern) {
        return new Conversation(pattern, EMPTY, List.of(key(1), key(2), key(3), key(4)));
    }

    private static byte[] key(int fill) {
        byte[] key = new byte[NoiseLimits.DH_LENGTH];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    @Test
    void eachPartyWritesAndReadsOnlyInItsTurn() throws NoiseException {
        Conversation c = conversation(HandshakePattern.XX);
        assertThat(refusal(() -> c.responder.writeMessage(EMPTY))).isEqualTo(NoiseException.Reason.WRONG_STATE);
        assertThat(refusal(() -> c.initiator.readMessage(new byte[64]))).isEqualTo(NoiseException.Reason.WRONG_STATE);
        byte[] first = c.initiator.writeMessage(EMPTY);
        assertThat(refusal(() -> c.initiator.writeMessage(EMPTY))).isEqualTo(NoiseException.Reason.WRONG_STATE);
        c.responder.readMessage(first);
        assertThat(refusal(() -> c.responder.readMessage(first))).isEqualTo(NoiseException.Reason.WRONG_STATE);
    }

    @Test
    void anIncompleteHandshakeGivesNoKeysAndNoHash() throws NoiseException {
        Conversation c = conversation(HandshakePattern.IK);
        c.responder.readMessage(c.initiator.writeMessage(EMPTY));
        assertThat(refusal(c.initiator::split)).isEqualTo(NoiseException.Reason.WRONG_STATE);
        assertThat(refusal(c.initiator::handshakeHash)).isEqualTo(NoiseException.Reason.WRONG_STATE);
        c.initiator.readMessage(c.responder.writeMessage(EMPTY));
        assertThat(c.initiator.split()).isNotNull();
        assertThat(refusal(() -> c.initiator.writeMessage(EMPTY))).isEqualTo(NoiseException.Reason.WRONG_STATE);
        assertThat(refusal(() -> c.initiator.readMessage(new byte[64]))).isEqualTo(NoiseException.Reason.WRONG_STATE);
    }

    @Test
    void messagesShorterThanTheirKeysAreShort() throws NoiseException {
        Conversation xx = conversation(HandshakePattern.XX);
        assertThat(refusal(() -> xx.responder.readMessage(new byte[NoiseLimits.DH_LENGTH - 1]))).isEqualTo(NoiseException.Reason.SHORT_MESSAGE);
        assertThat(refusal(() -> xx.responder.readMessage(EMPTY))).isEqualTo(NoiseException.Reason.SHORT_MESSAGE);

        Conversation ik = conversation(HandshakePattern.IK);
        byte[] first = ik.initiator.writeMessage(EMPTY);
        // e, the sealed static key, and the payload's tag: every cut falls short of one of them or of the tag
        for (int length : new int[] {0, 31, 32, 79, 80, first.length - 1}) {
            assertThat(refusal(() -> ik.responder.readMessage(Arrays.copyOf(first, length))))
                    .as("%d of %d bytes", length, first.length)
                    .isIn(NoiseException.Reason.SHORT_MESSAGE, NoiseException.Reason.BAD_TAG);
        }
        assertThat(ik.responder.readMessage(first)).isEmpty();
    }

    @Test
    void aPublicKeyOfSmallOrderIsRefused() {
        Conversation ik = conversation(HandshakePattern.IK);
        // the point u = 0: its Diffie-Hellman result is zero whatever the private key
        byte[] zeroPoint = new byte[NoiseLimits.DH_LENGTH + NoiseLimits.DH_LENGTH + 2 * NoiseLimits.TAG_LENGTH];
        assertThat(refusal(() -> ik.responder.readMessage(zeroPoint))).isEqualTo(NoiseException.Reason.BAD_PUBLIC_KEY);
    }

    @Test
    void messagesStopAtTheSpecsMaximum() throws NoiseException {
        Conversation c = conversation(HandshakePattern.XX);
        assertThat(refusal(() -> c.initiator.writeMessage(new byte[NoiseLimits.MAX_MESSAGE_LENGTH - NoiseLimits.DH_LENGTH + 1])))
                .isEqualTo(NoiseException.Reason.MESSAGE_TOO_LONG);
        assertThat(refusal(() -> c.responder.readMessage(new byte[NoiseLimits.MAX_MESSAGE_LENGTH + 1])))
                .isEqualTo(NoiseException.Reason.MESSAGE_TOO_LONG);
        // a refused write leaves the turn: the largest message still goes, and arrives
        byte[] largest = c.initiator.writeMessage(new byte[NoiseLimits.MAX_MESSAGE_LENGTH - NoiseLimits.DH_LENGTH]);
        assertThat(largest).hasSize(NoiseLimits.MAX_MESSAGE_LENGTH);
        assertThat(c.responder.readMessage(largest)).hasSize(NoiseLimits.MAX_MESSAGE_LENGTH - NoiseLimits.DH_LENGTH);
    }

    @Test
    void ikNeedsTheRespondersKeyAndXxTakesNone() {
        DhKeyPair keys = DhKeyPair.fromPrivateKey(key(1));
        assertThatThrownBy(() -> HandshakeState.initiator(HandshakePattern.IK, EMPTY, keys, null, () -> key(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs the responder's static key");
        assertThatThrownBy(() -> HandshakeState.initiator(HandshakePattern.XX, EMPTY, keys, keys.publicKey(), () -> key(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learns");
        assertThatThrownBy(() -> HandshakeState.initiator(HandshakePattern.IK, EMPTY, keys, new byte[31], () -> key(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    }

    @Test
    void aKeyPairNeverPrintsItsPrivateKey() {
        DhKeyPair keys = DhKeyPair.fromPrivateKey(key(0x5a));
        assertThat(keys.toString()).doesNotContain("5a5a5a5a").contains(HexFormat.of().formatHex(keys.publicKey()));
    }
}
