package org.ptpmesh.secure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ptpmesh.secure.Parties.CLIENT;
import static org.ptpmesh.secure.Parties.SERVER;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.noise.HandshakePattern;
import org.ptpmesh.noise.HandshakeState;
import org.ptpmesh.noise.NoiseException;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.DatagramWriter;
import org.ptpmesh.wire.Datagram;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.TlvTypes;

/** Two {@link SecureNode}s around small inner nodes: handshakes, sealed traffic, and what is refused. */
class SecureNodeTest {

    @Test
    void ikMakesASessionAndTheInnerNodesTalkSealedBothWays() {
        Parties p = new Parties(1);
        p.trust.expected = p.serverIdentity.keys().publicKey();
        p.start();
        p.net.advance(3_500);

        assertThat(kinds(p.net.between(CLIENT, SERVER))).containsExactly(MessageKind.HANDSHAKE_INIT,
                MessageKind.SEALED, MessageKind.SEALED, MessageKind.SEALED);
        assertThat(patternOf(p.net.between(CLIENT, SERVER).get(0))).isEqualTo(SecureDatagrams.PATTERN_IK);
        assertThat(kinds(p.net.between(SERVER, CLIENT))).containsExactly(MessageKind.HANDSHAKE_RESP,
                MessageKind.SEALED, MessageKind.SEALED, MessageKind.SEALED);
        assertThat(p.serverInner.got(MessageKind.DATA)).hasSize(3)
                .allSatisfy(g -> assertThat(g.key()).isEqualTo(p.clientIdentity.keys().publicKey()));
        assertThat(p.clientInner.got(MessageKind.DATA_ACK)).hasSize(3)
                .allSatisfy(g -> assertThat(g.key()).isEqualTo(p.serverIdentity.keys().publicKey()));
        assertThat(p.trust.offered).isEmpty();
        assertThat(p.server.drops().total()).isZero();
        assertThat(p.client.drops().total()).isZero();
    }

    @Test
    void eachSideLogsBothKeysAsTheReceiverReadsThem() {
        Parties p = new Parties(2);
        p.trust.expected = p.serverIdentity.keys().publicKey();
        p.start();
        p.net.advance(1_500);

        assertThat(p.clientKeys).hasSize(2);
        assertThat(p.serverKeys).hasSize(2);
        // the client's line for what it sends is the server's line for what it receives: same sender, index, key
        Parties.KeyLine clientSends = p.clientKeys.stream().filter(l -> l.sender().equals(p.clientIdentity.peerId())).findFirst().orElseThrow();
        Parties.KeyLine serverReceives = p.serverKeys.stream().filter(l -> l.sender().equals(p.clientIdentity.peerId())).findFirst().orElseThrow();
        assertThat(serverReceives.peerSession()).isEqualTo(clientSends.peerSession());
        assertThat(serverReceives.key()).isEqualTo(clientSends.key());
        // and a SEALED from the client names that index
        byte[] sealed = p.net.between(CLIENT, SERVER).get(1);
        assertThat(view(sealed).uintOf(TlvTypes.PEERSESSION, -1)).isEqualTo(clientSends.peerSession());
        Parties.KeyLine serverSends = p.serverKeys.stream().filter(l -> l.sender().equals(p.serverIdentity.peerId())).findFirst().orElseThrow();
        assertThat(serverSends.key()).isNotEqualTo(clientSends.key());
    }

    @Test
    void xxTrustsTheIntroducerOnFirstUseAndThenSeals() {
        Parties p = new Parties(3);
        p.start();
        p.net.advance(2_500);

        assertThat(kinds(p.net.between(CLIENT, SERVER))).containsExactly(MessageKind.HANDSHAKE_INIT,
                MessageKind.HANDSHAKE_FINISH, MessageKind.SEALED, MessageKind.SEALED);
        assertThat(patternOf(p.net.between(CLIENT, SERVER).get(0))).isEqualTo(SecureDatagrams.PATTERN_XX);
        assertThat(p.trust.offered).hasSize(1);
        assertThat(p.trust.offered.get(0)).isEqualTo(p.serverIdentity.keys().publicKey());
        assertThat(p.serverInner.got(MessageKind.DATA)).hasSize(2)
                .allSatisfy(g -> assertThat(g.key()).isEqualTo(p.clientIdentity.keys().publicKey()));
        assertThat(p.clientInner.got(MessageKind.DATA_ACK)).hasSize(2);
        assertThat(p.server.handshakeCount()).isZero();
        assertThat(p.server.sessionCount()).isOne();
    }

    @Test
    void aLostFinishIsRepeatedBeforeEachSealedDatagramUntilTheSessionIsHeardFrom() {
        Parties p = new Parties(15);
        int[] finishes = {0};
        p.net.lose = s -> kindOf(s.data()) == MessageKind.HANDSHAKE_FINISH && finishes[0]++ == 0;
        p.start();
        p.net.advance(2_500);

        assertThat(kinds(p.net.between(CLIENT, SERVER))).containsExactly(MessageKind.HANDSHAKE_INIT,
                MessageKind.HANDSHAKE_FINISH, MessageKind.SEALED, MessageKind.HANDSHAKE_FINISH, MessageKind.SEALED);
        // the first DATA went before the server had the session; the second came with the repeated FINISH
        assertThat(p.server.drops().snapshot()).containsExactly(java.util.Map.entry("unknown_session", 1L));
        assertThat(p.serverInner.got(MessageKind.DATA)).hasSize(1);
        assertThat(p.clientInner.got(MessageKind.DATA_ACK)).hasSize(1);
    }

    @Test
    void aRefusedIntroducerKeyEndsTheAttemptCountedAndTraced() {
        Parties p = new Parties(4);
        p.trust.accept = false;
        p.start();
        p.net.advance(1_500);

        assertThat(kinds(p.net.between(CLIENT, SERVER))).containsExactly(MessageKind.HANDSHAKE_INIT);
        assertThat(p.client.drops().get("key_refused")).isOne();
        assertThat(p.client.drops().get("not_sent")).isOne();
        assertThat(p.client.hasSessionWith(SERVER)).isFalse();
        assertThat(p.net.traces.stream().map(TraceEvent::event)).contains("IntroducerKeyRefused");
        assertThat(p.serverInner.got).isEmpty();
    }

    @Test
    void anIkToAKeyThatNoLongerAnswersGoesOnAsXxAndOffersTheNewKeyToTheTrust() {
        Parties p = new Parties(21);
        // the key recorded for the server is not its key (a new identity on the server): IK cannot be opened
        p.trust.expected = p.identity().keys().publicKey();
        p.trust.accept = false;
        p.start();
        p.net.advance(1_000 + SecureLimits.INIT_ATTEMPTS * 1_000L + 500);

        // what the inner node sends after the refusal starts a new handshake, again with the recorded key
        List<byte[]> sent = p.net.between(CLIENT, SERVER);
        assertThat(sent).hasSizeGreaterThan(SecureLimits.INIT_ATTEMPTS).allMatch(d -> kindOf(d) == MessageKind.HANDSHAKE_INIT);
        assertThat(sent.subList(0, SecureLimits.INIT_ATTEMPTS)).allMatch(d -> patternOf(d) == SecureDatagrams.PATTERN_IK);
        assertThat(patternOf(sent.get(SecureLimits.INIT_ATTEMPTS))).isEqualTo(SecureDatagrams.PATTERN_XX);
        assertThat(p.trust.offered).hasSize(1);
        assertThat(p.trust.offered.get(0)).isEqualTo(p.serverIdentity.keys().publicKey());
        assertThat(p.client.drops().get("key_refused")).isOne();
        assertThat(p.client.hasSessionWith(SERVER)).isFalse();
        assertThat(p.serverInner.got).isEmpty();
    }

    @Test
    void anUnansweredInitIsRetriedThenGivenUpAndWhatWasQueuedIsDropped() {
        Parties p = new Parties(5);
        p.net.lose = s -> s.to().equals(CLIENT);
        p.start();
        // the inner node's first DATA at 1 s starts the handshake; inits at 1, 2, 3, 4 and 5 s
        p.net.advance(5_500);
        assertThat(kinds(p.net.between(CLIENT, SERVER))).hasSize(SecureLimits.INIT_ATTEMPTS)
                .containsOnly(MessageKind.HANDSHAKE_INIT);
        assertThat(p.client.drops().total()).isZero();

        p.net.advance(600);
        assertThat(p.client.drops().get("handshake_gave_up")).isOne();
        // the DATAs of 1 to 5 s at least, none sent
        assertThat(p.client.drops().get("not_sent")).isGreaterThanOrEqualTo(5);
        assertThat(p.net.traces.stream().map(TraceEvent::event)).contains("HandshakeGaveUp");
        assertThat(p.serverInner.got).isEmpty();
    }

    @Test
    void whatTheInnerNodeSendsDuringAHandshakeIsQueuedUpToTheLimit() {
        Parties p = new Parties(13);
        p.net.lose = s -> s.to().equals(CLIENT);
        p.start(SecureLimits.introducer(), 100);
        p.net.advance(4_000);
        // 40 DATAs in 4 s: 16 queued, the rest refused
        assertThat(p.client.drops().get("queue_full")).isEqualTo(40 - SecureLimits.MAX_QUEUED);

        p.net.lose = s -> false;
        p.net.advance(1_000);
        assertThat(p.serverInner.got(MessageKind.DATA)).hasSizeGreaterThan(SecureLimits.MAX_QUEUED);
    }

    @Test
    void aReplayedSealedDatagramIsDropped() {
        Parties p = parties(6);
        byte[] sealed = p.net.between(CLIENT, SERVER).get(2);
        assertThat(kindOf(sealed)).isEqualTo(MessageKind.SEALED);
        int delivered = p.serverInner.got.size();

        p.net.inject(CLIENT, SERVER, sealed);

        assertThat(p.server.drops().get("replayed")).isOne();
        assertThat(p.serverInner.got).hasSize(delivered);
    }

    @Test
    void aSealedDatagramFromAnotherIdIsDropped() {
        Parties p = parties(7);
        byte[] sealed = nextSealed(p);
        byte[] otherId = p.identity().peerId().bytes();
        byte[] forged = rewrite(sealed, TlvTypes.UUID, otherId);

        p.net.inject(CLIENT, SERVER, forged);

        assertThat(p.server.drops().get("id_not_of_key")).isOne();
        assertThat(p.server.drops().get("seal_open_failed")).isZero();
        p.net.inject(CLIENT, SERVER, sealed);
        assertThat(p.server.drops().total()).isOne();
    }

    @Test
    void anAlteredSealedDatagramFailsToOpen() {
        Parties p = parties(8);
        byte[] sealed = nextSealed(p);
        int delivered = p.serverInner.got.size();

        p.net.inject(CLIENT, SERVER, rewrite(sealed, TlvTypes.COUNTER, new byte[] {0, 0, 0, 0, 0, 0, 0, 99}));
        byte[] flipped = sealed.clone();
        flipped[flipped.length - 5] ^= 1;
        p.net.inject(CLIENT, SERVER, rechecksummed(flipped));
        p.net.inject(CLIENT, SERVER, rewrite(sealed, TlvTypes.PEERSESSION, new byte[] {1, 2, 3, 4}));

        assertThat(p.server.drops().get("seal_open_failed")).isEqualTo(2);
        assertThat(p.server.drops().get("unknown_session")).isOne();
        assertThat(p.serverInner.got).hasSize(delivered);
        // the genuine one still opens: refused datagrams did not move the window
        p.net.inject(CLIENT, SERVER, sealed);
        assertThat(p.serverInner.got).hasSize(delivered + 1);
    }

    @Test
    void garbageAndTruncatedInitsAreDroppedCountedAndNotAnswered() throws NoiseException {
        Parties p = new Parties(9).start();
        Endpoint attacker = Endpoint.of("192.0.2.9", 999);
        int sentBefore = p.net.sent.size();
        byte[] id = p.identity().peerId().bytes();

        p.net.inject(attacker, SERVER, init(id, 1, p.bytes(96), 0));          // IK-sized garbage
        p.net.inject(attacker, SERVER, init(id, 1, p.bytes(10), 120));        // truncated Noise message, padded: a receiver rule
        p.net.inject(attacker, SERVER, init(id, 7, p.bytes(32), 100));        // no such pattern
        byte[] valid = validInit(p, HandshakePattern.IK);
        p.net.inject(attacker, SERVER, java.util.Arrays.copyOf(valid, valid.length - 20)); // cut short: bad checksum, for the inner node

        assertThat(p.server.drops().get("handshake_failed")).isOne();
        // the truncated one breaks a receiver rule before Noise sees it
        assertThat(p.server.drops().get("noise_length")).isOne();
        assertThat(p.server.drops().get("unknown_pattern")).isOne();
        assertThat(p.serverInner.got).hasSize(1);
        assertThat(p.net.sent).hasSize(sentBefore);
        assertThat(p.server.sessionCount()).isZero();
    }

    @Test
    void aReplayedIkInitDoesNotTakeTheEndpointFromTheLiveSession() {
        Parties p = new Parties(14);
        p.trust.expected = p.serverIdentity.keys().publicKey();
        p.start();
        p.net.advance(1_500);
        byte[] init = p.net.between(CLIENT, SERVER).get(0);
        int acks = p.clientInner.got(MessageKind.DATA_ACK).size();

        p.net.inject(CLIENT, SERVER, init);
        p.net.advance(1_000);

        assertThat(p.server.sessionCount()).isEqualTo(2);
        assertThat(p.clientInner.got(MessageKind.DATA_ACK)).hasSize(acks + 1);
        // the answer to the replay reached the client, which started no such handshake
        assertThat(p.client.drops().snapshot()).containsExactly(java.util.Map.entry("unexpected_handshake", 1L));
    }

    @Test
    void anIkInitWhoseIdIsNotItsKeysIsRefused() throws NoiseException {
        Parties p = new Parties(10).start();
        byte[] init = rewrite(validInit(p, HandshakePattern.IK), TlvTypes.UUID, p.identity().peerId().bytes());
        int sentBefore = p.net.sent.size();

        p.net.inject(CLIENT, SERVER, init);

        assertThat(p.server.drops().get("id_not_of_key")).isOne();
        assertThat(p.net.sent).hasSize(sentBefore);
    }

    @Test
    void anXxInitWithoutPaddingIsNotAnswered() throws NoiseException {
        Parties p = new Parties(11).start();
        byte[] padded = validInit(p, HandshakePattern.XX);
        DatagramView v = view(padded);
        byte[] unpadded = init(v.value(v.indexOf(TlvTypes.UUID)), SecureDatagrams.PATTERN_XX,
                SecureDatagrams.joined(v, TlvTypes.NOISE), 0);
        int sentBefore = p.net.sent.size();

        p.net.inject(CLIENT, SERVER, unpadded);
        assertThat(p.server.drops().get("handshake_too_small")).isOne();
        assertThat(p.net.sent).hasSize(sentBefore);

        p.net.inject(CLIENT, SERVER, padded);
        assertThat(p.net.sent).hasSize(sentBefore + 1);
        assertThat(p.net.sent.get(sentBefore).data().length).isLessThanOrEqualTo(padded.length);
    }

    @Test
    void theInnerNodesTimersAndPlainTrafficPassThrough() {
        Parties p = new Parties(12);
        p.start();
        Endpoint legacy = Endpoint.of("10.0.0.3", 6000);
        byte[] plain = Messages.data(p.identity().peerId(), 0, new byte[] {4});

        p.net.inject(legacy, SERVER, plain);

        assertThat(p.serverInner.got).hasSize(1);
        assertThat(p.serverInner.got.get(0).key()).isNull();
        // the answer to a node without a session goes plain
        assertThat(kinds(p.net.between(SERVER, legacy))).containsExactly(MessageKind.DATA_ACK);
    }

    /** The client's next sealed datagram, sent but not delivered. */
    private static byte[] nextSealed(Parties p) {
        p.net.lose = s -> s.from().equals(CLIENT);
        p.net.advance(1_000);
        p.net.lose = s -> false;
        List<byte[]> sent = p.net.between(CLIENT, SERVER);
        byte[] last = sent.get(sent.size() - 1);
        assertThat(kindOf(last)).isEqualTo(MessageKind.SEALED);
        return last;
    }

    /** Started parties with an XX session up and a few sealed datagrams exchanged. */
    private static Parties parties(long seed) {
        Parties p = new Parties(seed).start();
        p.net.advance(2_500);
        assertThat(p.server.sessionCount()).isOne();
        return p;
    }

    static byte[] validInit(Parties p, HandshakePattern pattern) throws NoiseException {
        Identity initiator = p.identity();
        HandshakeState state = HandshakeState.initiator(pattern, SecureDatagrams.PROLOGUE, initiator.keys(),
                pattern == HandshakePattern.IK ? p.serverIdentity.keys().publicKey() : null, p.keys);
        return SecureDatagrams.init(initiator.peerId(), 77, pattern, state.writeMessage(new byte[0]));
    }

    /** A HANDSHAKE_INIT of any pattern code and Noise bytes, with {@code padding} bytes of PADDING (0: none). */
    static byte[] init(byte[] id, int pattern, byte[] noise, int padding) {
        byte[] buffer = new byte[Datagram.MAX_SIZE];
        DatagramWriter w = new DatagramWriter().wrap(buffer, 0).putUint(TlvTypes.MSGKIND, MessageKind.HANDSHAKE_INIT.code(), 1)
                .putBytes(TlvTypes.UUID, id, 0, id.length).putUint(TlvTypes.SESSION, 1, 4).putUint(TlvTypes.PATTERN, pattern, 1);
        for (int off = 0; off < noise.length || off == 0; off += TlvTypes.MAX_VALUE_LENGTH) {
            w.putBytes(TlvTypes.NOISE, noise, off, Math.min(TlvTypes.MAX_VALUE_LENGTH, noise.length - off));
        }
        for (int left = padding; left > 0; left -= TlvTypes.MAX_VALUE_LENGTH) {
            w.putBytes(TlvTypes.PADDING, new byte[TlvTypes.MAX_VALUE_LENGTH], 0, Math.min(TlvTypes.MAX_VALUE_LENGTH, left));
        }
        return java.util.Arrays.copyOf(buffer, w.finish());
    }

    /** {@code datagram} with the value of its first TLV of {@code type} replaced, checksum recomputed. */
    static byte[] rewrite(byte[] datagram, int type, byte[] value) {
        DatagramView v = view(datagram);
        byte[] buffer = new byte[Datagram.MAX_SIZE];
        DatagramWriter w = new DatagramWriter().wrap(buffer, 0);
        boolean replaced = false;
        for (int i = 0; i < v.tlvCount(); i++) {
            boolean here = !replaced && v.type(i) == type;
            byte[] out = here ? value : v.value(i);
            replaced |= here;
            w.putRaw(v.type(i), out, 0, out.length);
        }
        return java.util.Arrays.copyOf(buffer, w.finish());
    }

    /** {@code datagram} with its checksum made right again, whatever was changed before it. */
    static byte[] rechecksummed(byte[] datagram) {
        int sum = org.ptpmesh.wire.Checksum.compute(datagram, 0, datagram.length - 2);
        byte[] out = datagram.clone();
        out[out.length - 2] = (byte) (sum >>> 8);
        out[out.length - 1] = (byte) sum;
        return out;
    }

    static DatagramView view(byte[] datagram) {
        DecodedDatagram d = new DecodedDatagram().decode(datagram);
        assertThat(d.error()).isNull();
        return d.view();
    }

    static MessageKind kindOf(byte[] datagram) {
        return MessageKind.fromCode(new DecodedDatagram().decode(datagram).kindCode());
    }

    private static List<MessageKind> kinds(List<byte[]> datagrams) {
        return datagrams.stream().map(SecureNodeTest::kindOf).toList();
    }

    private static long patternOf(byte[] datagram) {
        return view(datagram).uintOf(TlvTypes.PATTERN, -1);
    }
}
