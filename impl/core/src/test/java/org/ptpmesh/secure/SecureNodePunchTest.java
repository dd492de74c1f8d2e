package org.ptpmesh.secure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.noise.HandshakePattern;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.TlvTypes;

/**
 * Two peers an introducer introduced with each other's key (docs/protocol.md 6.9, "Punching with
 * keys"): what their session layers send in place of a PUNCH, when the PUNCH goes, and which
 * punch handshakes they answer.
 */
class SecureNodePunchTest {

    private static final Endpoint INTRODUCER = Endpoint.of("10.0.0.1", 4000);
    private static final Endpoint A = Endpoint.of("10.0.0.2", 5000);
    private static final Endpoint B = Endpoint.of("10.0.0.3", 6000);
    private static final long ATTEMPT = 7;

    private final SeededPeers seeded = new SeededPeers(3);
    private final TestNet net = new TestNet();
    private final Identity introducerId = seeded.identity();
    private final Identity aId = seeded.identity();
    private final Identity bId = seeded.identity();
    private final InnerNode aInner = new InnerNode(aId.peerId(), null, 0);
    private final InnerNode bInner = new InnerNode(bId.peerId(), null, 0);
    private SecureNode introducer;
    private SecureNode a;
    private SecureNode b;

    @BeforeEach
    void introduce() {
        introducer = seeded.introducer(introducerId, new InnerNode(introducerId.peerId(), null, 0));
        a = seeded.peer(aId, aInner, INTRODUCER, "a");
        b = seeded.peer(bId, bInner, INTRODUCER, "b");
        net.add(INTRODUCER, introducer);
        net.add(A, a);
        net.add(B, b);
        // each reaches the introducer, which then introduces them in its sessions
        net.act(A, out -> a.callInner(net.now, out, inner -> inner.send(A.port(), INTRODUCER, Messages.data(aId.peerId(), 0, new byte[1]))));
        net.act(B, out -> b.callInner(net.now, out, inner -> inner.send(B.port(), INTRODUCER, Messages.data(bId.peerId(), 0, new byte[1]))));
        net.act(INTRODUCER, out -> introducer.callInner(net.now, out, inner -> {
            inner.send(INTRODUCER.port(), A, Messages.intro(introducerId.peerId(), bId.peerId(), B, NatType.EASY, ATTEMPT, null,
                    bId.keys().publicKey()));
            inner.send(INTRODUCER.port(), B, Messages.intro(introducerId.peerId(), aId.peerId(), A, NatType.EASY, ATTEMPT, null,
                    aId.keys().publicKey()));
        }));
        assertThat(aInner.got(MessageKind.INTRO)).hasSize(1);
        assertThat(bInner.got(MessageKind.INTRO)).hasSize(1);
    }

    @Test
    void aPunchGoesAsTheSameIkInitEachTimeUntilAnsweredThenSealedUnderTheIntroducedKey() {
        net.lose = s -> true;
        punch(a, A, B, aId);
        punch(a, A, B, aId);
        punch(a, A, B, aId);
        List<byte[]> inits = net.between(A, B);
        assertThat(inits).hasSize(3).allSatisfy(init -> assertThat(init).isEqualTo(inits.get(0)));
        DecodedDatagram init = new DecodedDatagram().decode(inits.get(0));
        assertThat(init.kindCode()).isEqualTo(MessageKind.HANDSHAKE_INIT.code());
        assertThat(init.view().uintOf(TlvTypes.ATTEMPT, -1)).isEqualTo(ATTEMPT);
        assertThat(init.view().uintOf(TlvTypes.PATTERN, -1)).isEqualTo(SecureDatagrams.PATTERN_IK);

        net.lose = s -> false;
        punch(a, A, B, aId);
        // the latest punch only, sealed, and opened under a's key
        assertThat(bInner.got(MessageKind.PUNCH)).singleElement()
                .satisfies(g -> assertThat(g.key()).isEqualTo(aId.keys().publicKey()));
        assertThat(a.hasSessionOn(A.port(), B)).isTrue();
        assertThat(a.punchHandshakeCount()).isZero();
    }

    @Test
    void theSameInitAgainGetsTheSameAnswerAndNoSessionOfItsOwn() {
        net.lose = s -> true;
        punch(a, A, B, aId);
        byte[] init = net.between(A, B).get(0);
        net.inject(A, B, init);
        net.inject(A, B, init);
        net.inject(A, B, init);

        List<byte[]> answers = net.between(B, A);
        assertThat(answers).hasSize(3).allSatisfy(resp -> assertThat(resp).isEqualTo(answers.get(0)));
        // the introducer's session and the one the init made
        assertThat(b.sessionCount()).isEqualTo(2);
    }

    @Test
    void initsThatCrossMakeTwoSessionsAndEachPeersPunchArrivesSealed() {
        net.lose = s -> true;
        punch(a, A, B, aId);
        punch(b, B, A, bId);
        byte[] aInit = net.between(A, B).get(0);
        byte[] bInit = net.between(B, A).get(0);
        net.lose = s -> false;
        net.inject(A, B, aInit);
        net.inject(B, A, bInit);

        // the introducer's session and the two of the route
        assertThat(a.sessionCount()).isEqualTo(3);
        assertThat(b.sessionCount()).isEqualTo(3);
        assertThat(bInner.got(MessageKind.PUNCH)).singleElement()
                .satisfies(g -> assertThat(g.key()).isEqualTo(aId.keys().publicKey()));
        assertThat(aInner.got(MessageKind.PUNCH)).singleElement()
                .satisfies(g -> assertThat(g.key()).isEqualTo(bId.keys().publicKey()));
        // either session carries what follows
        net.act(A, out -> a.callInner(net.now, out, inner -> inner.send(A.port(), B, Messages.data(aId.peerId(), 1, new byte[1]))));
        net.act(B, out -> b.callInner(net.now, out, inner -> inner.send(B.port(), A, Messages.data(bId.peerId(), 1, new byte[1]))));
        assertThat(bInner.got(MessageKind.DATA)).hasSize(1);
        assertThat(aInner.got(MessageKind.DATA)).hasSize(1);
        assertThat(a.drops().total() + b.drops().total()).isZero();
    }

    @Test
    void aPunchHandshakeIsAnsweredOnlyFromTheIntroducedAddressAndForAnIntroducedAttempt() {
        net.lose = s -> true;
        punch(a, A, B, aId);
        byte[] aInit = net.between(A, B).get(0);
        net.lose = s -> false;
        net.inject(Endpoint.of("10.9.9.9", 5000), B, aInit);
        assertThat(b.drops().get("not_introduced_address")).isOne();

        // an attempt no INTRO named: refused before any key is computed
        net.inject(A, B, SecureDatagrams.init(seeded.identity().peerId(), 1, HandshakePattern.IK, new byte[96], ATTEMPT + 1));
        assertThat(b.drops().get("not_introduced")).isOne();
        assertThat(net.between(B, A)).isEmpty();
        assertThat(net.between(B, Endpoint.of("10.9.9.9", 5000))).isEmpty();
    }

    private void punch(SecureNode node, Endpoint from, Endpoint to, Identity self) {
        net.act(from, out -> node.callInner(net.now, out, inner -> inner.send(from.port(), to, Messages.punch(self.peerId(), ATTEMPT, -1))));
    }
}
