package org.ptpmesh.secure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ptpmesh.secure.SecureNodeTest.view;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ptpmesh.noise.CounterCipher;
import org.ptpmesh.noise.HandshakePattern;
import org.ptpmesh.noise.HandshakeState;
import org.ptpmesh.noise.NoiseException;
import org.ptpmesh.wire.Datagram;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.ReceiverRules;
import org.ptpmesh.wire.TlvTypes;

/** The handshake and SEALED datagrams: their sizes, their rules, and what a SEALED authenticates. */
class SecureDatagramsTest {

    private final Parties p = new Parties(21);

    @Test
    void eachHandshakeMessageIsItsKindBreaksNoRuleAndHasTheSizeTheLimitsAssume() throws NoiseException {
        for (HandshakePattern pattern : HandshakePattern.values()) {
            Identity initiatorId = p.identity();
            HandshakeState initiator = HandshakeState.initiator(pattern, SecureDatagrams.PROLOGUE, initiatorId.keys(),
                    pattern.responderStaticKnown() ? p.serverIdentity.keys().publicKey() : null, p.keys);
            HandshakeState responder = HandshakeState.responder(pattern, SecureDatagrams.PROLOGUE, p.serverIdentity.keys(), p.keys);
            byte[] init = SecureDatagrams.init(initiatorId.peerId(), 5, pattern, initiator.writeMessage(new byte[0]));
            responder.readMessage(SecureDatagrams.joined(view(init), TlvTypes.NOISE));
            byte[] resp = SecureDatagrams.resp(p.serverIdentity.peerId(), 6, 5, responder.writeMessage(new byte[0]));
            initiator.readMessage(SecureDatagrams.joined(view(resp), TlvTypes.NOISE));

            assertKind(init, MessageKind.HANDSHAKE_INIT);
            assertKind(resp, MessageKind.HANDSHAKE_RESP);
            assertThat(resp).as(pattern + " answer").hasSize(SecureDatagrams.respLength(pattern));
            assertThat(init.length).as(pattern + " init against its answer").isGreaterThanOrEqualTo(resp.length);
            if (pattern == HandshakePattern.XX) {
                byte[] finish = SecureDatagrams.finish(initiatorId.peerId(), 6, initiator.writeMessage(new byte[0]));
                assertKind(finish, MessageKind.HANDSHAKE_FINISH);
                responder.readMessage(SecureDatagrams.joined(view(finish), TlvTypes.NOISE));
                // exactly as large: a byte less of padding and the answer would be the larger
                assertThat(init).hasSize(resp.length);
            }
            assertThat(responder.isComplete()).isTrue();
        }
    }

    @Test
    void theNoiseMessagesHaveTheLengthsOfTheContract() {
        assertThat(HandshakePattern.IK.messageLength(0)).isEqualTo(96);
        assertThat(HandshakePattern.IK.messageLength(1)).isEqualTo(48);
        assertThat(HandshakePattern.XX.messageLength(0)).isEqualTo(32);
        assertThat(HandshakePattern.XX.messageLength(1)).isEqualTo(96);
        assertThat(HandshakePattern.XX.messageLength(2)).isEqualTo(64);
        assertThat(SecureDatagrams.XX_PADDING).isEqualTo(65);
    }

    @Test
    void aSealedDatagramOpensToItsInnerDatagramAndAuthenticatesItsHeader() throws NoiseException {
        byte[] key = p.bytes(32);
        CounterCipher sending = CounterCipher.withKey(key);
        sending.seal(new byte[0], new byte[0]);
        byte[] inner = p.bytes(1_280);

        byte[] sealed = SecureDatagrams.sealed(p.clientIdentity.peerId(), 0xCAFEL, sending, inner);

        assertKind(sealed, MessageKind.SEALED);
        DatagramView v = view(sealed);
        assertThat(v.uintOf(TlvTypes.COUNTER, -1)).isOne();
        assertThat(v.uintOf(TlvTypes.PEERSESSION, -1)).isEqualTo(0xCAFEL);
        byte[] ad = SecureDatagrams.associatedData(v);
        assertThat(ad).hasSize(SecureDatagrams.SEALED_HEADER - Datagram.CHECKSUM_SIZE)
                .isEqualTo(Arrays.copyOf(sealed, ad.length));
        assertThat(CounterCipher.withKey(key).open(1, ad, SecureDatagrams.joined(v, TlvTypes.SEALED))).isEqualTo(inner);
    }

    @Test
    void theLargestSealableInnerDatagramFitsAndOneByteMoreIsRefused() throws NoiseException {
        CounterCipher sending = CounterCipher.withKey(p.bytes(32));
        assertThat(SecureDatagrams.MAX_SEALABLE).isEqualTo(1_332);
        assertThat(SecureDatagrams.sealed(p.clientIdentity.peerId(), 1, sending, new byte[SecureDatagrams.MAX_SEALABLE]))
                .hasSize(Datagram.MAX_SIZE);
        assertThatThrownBy(() -> SecureDatagrams.sealed(p.clientIdentity.peerId(), 1, sending, new byte[SecureDatagrams.MAX_SEALABLE + 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyTheTwoPatternsHaveCodes() {
        assertThat(SecureDatagrams.patternOf(SecureDatagrams.patternCode(HandshakePattern.XX))).isEqualTo(HandshakePattern.XX);
        assertThat(SecureDatagrams.patternOf(SecureDatagrams.patternCode(HandshakePattern.IK))).isEqualTo(HandshakePattern.IK);
        assertThat(SecureDatagrams.patternOf(2)).isNull();
        assertThat(SecureDatagrams.patternOf(-1)).isNull();
    }

    private static void assertKind(byte[] datagram, MessageKind kind) {
        DatagramView v = view(datagram);
        assertThat(ReceiverRules.kindOf(v)).isEqualTo(kind);
        assertThat(ReceiverRules.firstBroken(v, kind)).isNull();
    }
}
