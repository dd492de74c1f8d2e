package org.ptpmesh.secure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * Relayed sessions (docs/protocol.md 6.9): what keyed peers relay to each other is a datagram of
 * an IK session of their own, whose route is the relay and the other peer's id. Measured at the
 * relay (what its protocol node reads in each RELAY) and at the receiving peer (what reaches its
 * inner node, under which key, and what its session layer dropped).
 */
class SecureNodeRelayTest {

    private static final Endpoint INTRODUCER = Endpoint.of("10.0.0.1", 4000);
    private static final Endpoint A = Endpoint.of("10.0.0.2", 5000);
    private static final Endpoint B = Endpoint.of("10.0.0.3", 6000);
    private static final Endpoint C = Endpoint.of("10.0.0.4", 7000);

    /**
     * An introducer's protocol node reduced to its relay: forwards each RELAY's payload, passed
     * through {@link #alter}, as a RELAYED to the target's endpoint, and keeps what it read.
     */
    private static final class Relay implements Node {

        final PeerId self;
        final Map<PeerId, Endpoint> where = new HashMap<>();
        /** The payloads of the RELAYs it read, in order. */
        final List<byte[]> read = new ArrayList<>();
        /** The RELAYEDs it sent, in order. */
        final List<byte[]> forwarded = new ArrayList<>();
        UnaryOperator<byte[]> alter = UnaryOperator.identity();

        Relay(PeerId self) {
            this.self = self;
        }

        @Override
        public void start(long now, Effects out) {
        }

        @Override
        public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
            onMessage(localPort, from, new DecodedDatagram().decode(data), now, out);
        }

        @Override
        public void onMessage(int localPort, Endpoint from, DecodedDatagram datagram, long now, Effects out) {
            if (datagram.kindCode() != MessageKind.RELAY.code()) {
                return;
            }
            byte[] payload = SecureDatagrams.joined(datagram.view(), TlvTypes.PAYLOAD);
            read.add(payload);
            PeerId sender = PeerId.of(datagram.view().value(datagram.view().indexOf(TlvTypes.UUID)));
            PeerId target = PeerId.of(datagram.view().value(datagram.view().indexOf(TlvTypes.TARGET)));
            byte[] relayed = Messages.relayed(self, sender, alter.apply(payload));
            forwarded.add(relayed);
            out.send(localPort, where.get(target), relayed);
        }

        @Override
        public void onTimer(TimerKey key, long now, Effects out) {
        }

        List<MessageKind> kindsRead() {
            return read.stream().map(p -> MessageKind.fromCode(new DecodedDatagram().decode(p).kindCode())).toList();
        }
    }

    private final SeededPeers seeded = new SeededPeers(5);
    private final TestNet net = new TestNet();
    private final Identity introducerId = seeded.identity();
    private final Identity aId = seeded.identity();
    private final Identity bId = seeded.identity();
    private final Identity cId = seeded.identity();
    private final InnerNode aInner = new InnerNode(aId.peerId(), null, 0);
    private final InnerNode bInner = new InnerNode(bId.peerId(), null, 0);
    private final InnerNode cInner = new InnerNode(cId.peerId(), null, 0);
    private final Relay relay = new Relay(introducerId.peerId());
    private SecureNode introducer;
    private SecureNode a;
    private SecureNode b;
    private SecureNode c;

    @BeforeEach
    void register() {
        introducer = seeded.introducer(introducerId, relay);
        a = seeded.peer(aId, aInner, INTRODUCER, "a");
        b = seeded.peer(bId, bInner, INTRODUCER, "b");
        c = seeded.peer(cId, cInner, INTRODUCER, "c");
        net.add(INTRODUCER, introducer);
        net.add(A, a);
        net.add(B, b);
        net.add(C, c);
        relay.where.putAll(Map.of(aId.peerId(), A, bId.peerId(), B, cId.peerId(), C));
        // each reaches the introducer sealed
        for (SecureNode node : List.of(a, b, c)) {
            Endpoint at = node == a ? A : node == b ? B : C;
            net.act(at, out -> node.callInner(net.now, out, inner -> inner.send(at.port(), INTRODUCER, Messages.data(id(node), 0, new byte[1]))));
        }
        assertThat(introducer.sessionCount()).isEqualTo(3);
    }

    @Test
    void relayedDataBetweenKeyedPeersIsSealedInTheirOwnSessionAndTheRelayReadsNoPlainDatagram() {
        introduce(aId, A, bId, B, true);
        byte[] hello = Messages.data(aId.peerId(), 1, "hello".getBytes(StandardCharsets.US_ASCII));
        relay(a, A, aId, bId, hello);
        relay(a, A, aId, bId, Messages.data(aId.peerId(), 2, "again".getBytes(StandardCharsets.US_ASCII)));
        relay(b, B, bId, aId, Messages.dataAck(bId.peerId(), 2));

        // the IK handshake went through the relay too, then one sealed datagram per relayed one
        assertThat(relay.kindsRead()).containsExactly(MessageKind.HANDSHAKE_INIT, MessageKind.HANDSHAKE_RESP, MessageKind.SEALED,
                MessageKind.SEALED, MessageKind.SEALED);
        assertThat(relay.read).noneSatisfy(p -> assertThat(new String(p, StandardCharsets.ISO_8859_1)).contains("hello"));
        // sealed size, as 6.9 gives it: 56 + n + 2 per 253 bytes of n + 16
        assertThat(relay.read.get(2)).hasSize(56 + hello.length + 2);

        List<InnerNode.Got> atB = bInner.got(MessageKind.RELAYED);
        assertThat(atB).hasSize(2).allSatisfy(g -> {
            assertThat(g.from()).isEqualTo(INTRODUCER);
            assertThat(g.key()).as("marked with a's key, not the introducer's").isEqualTo(aId.keys().publicKey());
        });
        assertThat(payloadOf(atB.get(0).bytes())).isEqualTo(hello);
        assertThat(aInner.got(MessageKind.RELAYED)).singleElement()
                .satisfies(g -> assertThat(g.key()).isEqualTo(bId.keys().publicKey()));
        // the introducer's session and the relayed one, on each side; nothing refused anywhere
        assertThat(a.sessionCount()).isEqualTo(2);
        assertThat(b.sessionCount()).isEqualTo(2);
        assertThat(a.hasSessionWith(INTRODUCER)).isTrue();
        assertThat(a.drops().total() + b.drops().total() + introducer.drops().total()).isZero();
    }

    @Test
    void aPlainRelayedPayloadOrOneSealedInAnotherPeersSessionIsDroppedAndCounted() {
        introduce(aId, A, bId, B, true);
        introduce(cId, C, bId, B, true);
        relay(a, A, aId, bId, Messages.data(aId.peerId(), 1, new byte[1]));
        relay(c, C, cId, bId, Messages.data(cId.peerId(), 1, new byte[1]));
        assertThat(bInner.got(MessageKind.RELAYED)).hasSize(2);
        byte[] sealedByC = relay.read.get(relay.read.size() - 1);

        // the relay writes in a's name: plain, then c's sealed datagram, then a FINISH
        asRelay(B, Messages.relayed(introducerId.peerId(), aId.peerId(), Messages.data(aId.peerId(), 9, new byte[1])));
        asRelay(B, Messages.relayed(introducerId.peerId(), aId.peerId(), sealedByC));
        asRelay(B, Messages.relayed(introducerId.peerId(), aId.peerId(), SecureDatagrams.finish(aId.peerId(), 1, new byte[64])));

        assertThat(b.drops().get("relayed_not_sealed")).isEqualTo(2);
        assertThat(b.drops().get("not_session_route")).isOne();
        assertThat(bInner.got(MessageKind.RELAYED)).hasSize(2);
    }

    @Test
    void theRelayAlteringOrReplayingASealedPayloadIsDroppedAndDataArrivesOnceItBehaves() {
        introduce(aId, A, bId, B, true);
        relay(a, A, aId, bId, Messages.data(aId.peerId(), 1, new byte[] {1}));
        relay.alter = sealed -> {
            byte[] changed = sealed.clone();
            changed[changed.length - 5] ^= 1;
            return SecureNodeTest.rechecksummed(changed);
        };
        relay(a, A, aId, bId, Messages.data(aId.peerId(), 2, new byte[] {2}));
        assertThat(b.drops().get("seal_open_failed")).isOne();

        relay.alter = UnaryOperator.identity();
        relay(a, A, aId, bId, Messages.data(aId.peerId(), 3, new byte[] {3}));
        asRelay(B, relay.forwarded.get(relay.forwarded.size() - 1));
        assertThat(b.drops().get("replayed")).isOne();

        assertThat(bInner.got(MessageKind.RELAYED)).extracting(g -> new DecodedDatagram().decode(payloadOf(g.bytes())).view()
                .uintOf(TlvTypes.APPSEQ, -1)).containsExactly(1L, 3L);
        assertThat(b.drops().total()).isEqualTo(2);
    }

    @Test
    void aPeerNoIntroNamedGetsNoAnswerAndNothingThroughEvenWhenTheRelayForwardsIt() {
        // c is told of b, b is told nothing of c: a relay that forwards anyway finds b deaf to c
        introduceOneWay(cId, C, bId, B, true);
        int toIntroducer = net.between(B, INTRODUCER).size();
        relay(c, C, cId, bId, Messages.data(cId.peerId(), 1, new byte[1]));
        asRelay(B, Messages.relayed(introducerId.peerId(), cId.peerId(), Messages.data(cId.peerId(), 2, new byte[1])));

        assertThat(b.drops().get("not_introduced")).isOne();
        assertThat(b.drops().get("relayed_not_introduced")).isOne();
        assertThat(net.between(B, INTRODUCER)).as("b answered nothing").hasSize(toIntroducer);
        assertThat(bInner.got(MessageKind.RELAYED)).isEmpty();
        assertThat(b.sessionCount()).isOne();

        // and a peer relays nothing to an id no INTRO named: nothing leaves it
        int fromA = net.between(A, INTRODUCER).size();
        relay(a, A, aId, cId, Messages.data(aId.peerId(), 1, new byte[1]));
        assertThat(a.drops().get("relay_target_not_introduced")).isOne();
        assertThat(net.between(A, INTRODUCER)).hasSize(fromA);
    }

    @Test
    void aLegacyPairStaysPlainAsBefore() {
        introduce(aId, A, bId, B, false);
        byte[] data = Messages.data(aId.peerId(), 1, new byte[] {7});
        relay(a, A, aId, bId, data);

        assertThat(relay.read).singleElement().isEqualTo(data);
        assertThat(bInner.got(MessageKind.RELAYED)).singleElement()
                .satisfies(g -> assertThat(g.key()).as("the introducer's session's key").isEqualTo(introducerId.keys().publicKey()));
        assertThat(b.sessionCount()).isOne();
    }

    @Test
    void aRelayedHandshakeIsAnsweredOnceAndItsCopiesGetTheSameAnswer() {
        introduce(aId, A, bId, B, true);
        net.lose = s -> s.from().equals(INTRODUCER) && s.to().equals(A);
        relay(a, A, aId, bId, Messages.data(aId.peerId(), 1, new byte[1]));
        relay(a, A, aId, bId, Messages.data(aId.peerId(), 2, new byte[1]));
        net.lose = s -> false;
        relay(a, A, aId, bId, Messages.data(aId.peerId(), 3, new byte[1]));

        // the same init with each of a's datagrams, the same answer each time, one session at b
        assertThat(relay.kindsRead()).containsExactly(MessageKind.HANDSHAKE_INIT, MessageKind.HANDSHAKE_RESP,
                MessageKind.HANDSHAKE_INIT, MessageKind.HANDSHAKE_RESP, MessageKind.HANDSHAKE_INIT, MessageKind.HANDSHAKE_RESP,
                MessageKind.SEALED, MessageKind.SEALED, MessageKind.SEALED);
        assertThat(relay.read.get(0)).isEqualTo(relay.read.get(2)).isEqualTo(relay.read.get(4));
        assertThat(relay.read.get(1)).isEqualTo(relay.read.get(3)).isEqualTo(relay.read.get(5));
        assertThat(b.sessionCount()).isEqualTo(2);
        assertThat(bInner.got(MessageKind.RELAYED)).hasSize(3);
    }

    /**
     * The relay is the introducer: its INTRO could name its own key for b's id, and then answer a's
     * relayed handshake as b with that key. Measured: a drops such an INTRO (its inner node never
     * sees it) and so relays nothing to b.
     */
    @Test
    void anIntroNamingAKeyThatIsNotItsTargetsIsDroppedSoTheRelayCannotStandInForThePeer() {
        net.act(INTRODUCER, out -> introducer.callInner(net.now, out, inner -> inner.send(INTRODUCER.port(), A,
                Messages.intro(introducerId.peerId(), bId.peerId(), B, NatType.HARD, 3, null, introducerId.keys().publicKey()))));
        assertThat(a.drops().get("peerkey_not_of_target")).isOne();
        assertThat(aInner.got(MessageKind.INTRO)).isEmpty();

        relay(a, A, aId, bId, Messages.data(aId.peerId(), 1, new byte[1]));
        assertThat(a.drops().get("relay_target_not_introduced")).isOne();
        assertThat(relay.read).isEmpty();
    }

    private void introduce(Identity x, Endpoint xAt, Identity y, Endpoint yAt, boolean keyed) {
        introduceOneWay(x, xAt, y, yAt, keyed);
        introduceOneWay(y, yAt, x, xAt, keyed);
    }

    /** The introducer tells the peer {@code to} of {@code about}, naming its key when {@code keyed}. */
    private void introduceOneWay(Identity to, Endpoint toAt, Identity about, Endpoint aboutAt, boolean keyed) {
        net.act(INTRODUCER, out -> introducer.callInner(net.now, out, inner -> inner.send(INTRODUCER.port(), toAt,
                Messages.intro(introducerId.peerId(), about.peerId(), aboutAt, NatType.HARD, 3, null,
                        keyed ? about.keys().publicKey() : null))));
    }

    /** {@code node}'s inner node asks the introducer to relay {@code datagram} to {@code target}. */
    private void relay(SecureNode node, Endpoint at, Identity self, Identity target, byte[] datagram) {
        net.act(at, out -> node.callInner(net.now, out,
                inner -> inner.send(at.port(), INTRODUCER, Messages.relay(self.peerId(), target.peerId(), datagram))));
    }

    /** The relay's protocol node sends {@code datagram} to {@code to} itself, in its session with it. */
    private void asRelay(Endpoint to, byte[] datagram) {
        net.act(INTRODUCER, out -> introducer.callInner(net.now, out, inner -> inner.send(INTRODUCER.port(), to, datagram)));
    }

    private static byte[] payloadOf(byte[] relayed) {
        return SecureDatagrams.joined(new DecodedDatagram().decode(relayed).view(), TlvTypes.PAYLOAD);
    }

    private PeerId id(SecureNode node) {
        return node == a ? aId.peerId() : node == b ? bId.peerId() : cId.peerId();
    }
}
