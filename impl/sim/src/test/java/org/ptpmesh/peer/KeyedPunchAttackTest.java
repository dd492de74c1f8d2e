package org.ptpmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.noise.DhKeyPair;
import org.ptpmesh.noise.HandshakePattern;
import org.ptpmesh.noise.HandshakeState;
import org.ptpmesh.noise.NoiseException;
import org.ptpmesh.scenario.Mesh;
import org.ptpmesh.scenario.MeshPeer;
import org.ptpmesh.scenario.NatKind;
import org.ptpmesh.secure.Identity;
import org.ptpmesh.secure.SecureDatagrams;
import org.ptpmesh.sim.Host;
import org.ptpmesh.sim.SeedInFailure;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;

/**
 * What an attacker meets when it tries to take a keyed peer's path (docs/security.md): it knows
 * both ids and the attempt, not the key. Each test counts the drops the attack met and checks
 * that the victim never answered the attacker and kept its path to the genuine peer.
 */
@ExtendWith(SeedInFailure.class)
class KeyedPunchAttackTest {

    private static final int PORT = 4000;
    private static final long SETTLE = 3_000;

    /** Sends what the test tells it to, and keeps what comes back. */
    private static final class Attacker implements Node {

        final List<byte[]> received = new ArrayList<>();

        static Attacker startOn(Host host) {
            Attacker attacker = new Attacker();
            host.start(attacker);
            return attacker;
        }

        @Override
        public void start(long now, Effects out) {
            out.bind(PORT);
        }

        @Override
        public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
            received.add(data);
        }

        @Override
        public void onMessage(int localPort, Endpoint from, DecodedDatagram datagram, long now, Effects out) {
            received.add(datagram.bytes());
        }

        @Override
        public void onTimer(TimerKey key, long now, Effects out) {
        }
    }

    @Test
    void forgedPunchAndPunchAckFromThePeersOwnPublicAddressConfirmNoPath() throws NoiseException {
        Mesh mesh = Mesh.keyed(7);
        MeshPeer pa = mesh.addPeer("a", NatKind.NONE);
        MeshPeer pb = mesh.addPeer("b", NatKind.EASY);
        // behind b's NAT: its datagrams come from b's public IP, as an INTRO's PEERADDR says b's do
        Host malloryHost = pb.nat().lan().addHost("mallory");
        Attacker mallory = Attacker.startOn(malloryHost);
        AtomicLong attempt = attemptSeenBy(mesh, "a");
        mesh.runFor(SETTLE);
        mesh.connect(pa, pb);
        // the INTRO is in (some 40 ms), the punches not yet (300 ms punch delay)
        mesh.runFor(100);
        Endpoint a = new Endpoint(pa.host().address(), PeerDefaults.LOCAL_PORT);
        Identity own = identity(3);
        byte[] ownInit = SecureDatagrams.init(own.peerId(), 1, HandshakePattern.IK, ikMessage(own, pa), attempt.get());
        malloryHost.invoke(out -> {
            out.send(PORT, a, Messages.punch(pb.id(), attempt.get(), -1));
            out.send(PORT, a, Messages.punchAck(pb.id(), attempt.get(), a));
            // a handshake of the attempt under the attacker's own key and id
            out.send(PORT, a, ownInit);
        });
        mesh.runFor(100);

        assertThat(pa.peer().drops().get("not_sealed_by_peer_key")).as("forged PUNCH and PUNCH_ACK").isEqualTo(2);
        assertThat(pa.secure().drops().get("not_introduced_key")).as("the attacker's own handshake").isOne();
        assertThat(pa.peer().pathTo(pb.id())).isEqualTo(Path.RELAY);
        mesh.runFor(5_000);
        assertThat(pa.peer().pathTo(pb.id())).as("the genuine peer still connects").isEqualTo(Path.DIRECT);
        assertThat(mallory.received).as("answers to the attacker").isEmpty();
    }

    @Test
    void aForgedPlainIntroFromAnotherAddressIsDroppedAndItsHandshakeNotAnswered() throws NoiseException {
        Mesh mesh = Mesh.keyed(8);
        MeshPeer pa = mesh.addPeer("a", NatKind.NONE);
        Host malloryHost = mesh.simulation().internet().addHost("mallory");
        Attacker mallory = Attacker.startOn(malloryHost);
        mesh.runFor(SETTLE);
        Identity own = identity(4);
        Endpoint a = new Endpoint(pa.host().address(), PeerDefaults.LOCAL_PORT);
        Endpoint self = new Endpoint(malloryHost.address(), PORT);
        long attempt = 999;
        byte[] intro = Messages.intro(PeerId.of(new byte[16]), own.peerId(), self, NatType.STATIC, attempt, null,
                own.keys().publicKey());
        byte[] init = SecureDatagrams.init(own.peerId(), 1, HandshakePattern.IK, ikMessage(own, pa), attempt);
        malloryHost.invoke(out -> out.send(PORT, a, intro));
        mesh.runFor(100);
        malloryHost.invoke(out -> out.send(PORT, a, init));
        mesh.runFor(100);

        assertThat(pa.peer().drops().get("not_from_introducer")).isOne();
        assertThat(pa.secure().drops().get("not_introduced")).isOne();
        assertThat(pa.secure().hasSessionWith(self)).isFalse();
        assertThat(mallory.received).as("answers to the attacker").isEmpty();
    }

    @Test
    void sealedPunchesAndDataCapturedAndReplayedFromAnotherAddressAreDropped() {
        Mesh mesh = Mesh.keyed(9);
        // public, so that what the attacker replays reaches a: a NAT's filter would drop it first
        MeshPeer pa = mesh.addPeer("a", NatKind.NONE);
        MeshPeer pb = mesh.addPeer("b", NatKind.EASY);
        Host malloryHost = mesh.simulation().internet().addHost("mallory");
        Attacker mallory = Attacker.startOn(malloryHost);
        KeyedWire wire = KeyedWire.watch(mesh, "b");
        mesh.runFor(SETTLE);
        mesh.connect(pa, pb);
        mesh.runFor(2_000);
        mesh.send(pb, pa, "once");
        mesh.runFor(1_000);
        assertThat(pa.peer().pathTo(pb.id())).isEqualTo(Path.DIRECT);
        // everything b sealed to a: the punches, their acknowledgements, the DATA
        List<KeyedWire.Sent> captured = wire.of("b", MessageKind.SEALED, KeyedConnectTest.publicAddress(pa));
        assertThat(captured).hasSizeGreaterThan(2);
        malloryHost.invoke(out -> captured.forEach(s -> out.send(PORT, s.destination(), s.bytes())));
        mesh.runFor(1_000);

        assertThat(pa.secure().drops().get("not_session_route")).isEqualTo(captured.size());
        assertThat(pa.deliveries()).extracting(MeshPeer.Delivery::payload).containsExactly("once");
        assertThat(pa.peer().pathTo(pb.id())).isEqualTo(Path.DIRECT);
        assertThat(mallory.received).as("answers to the attacker").isEmpty();
    }

    /** The attempt of the last INTRO {@code node} received, from its trace. */
    private static AtomicLong attemptSeenBy(Mesh mesh, String node) {
        AtomicLong attempt = new AtomicLong(-1);
        mesh.simulation().addTraceSink(e -> {
            if (e.node().equals(node) && e.event().equals("ReceiveIntro")) {
                attempt.set(((Number) e.params().get("attempt")).longValue());
            }
        });
        return attempt;
    }

    private static Identity identity(long seed) {
        byte[] key = new byte[32];
        new SplittableRandom(seed).nextBytes(key);
        return new Identity(DhKeyPair.fromPrivateKey(key));
    }

    /** Noise IK message 1 from {@code own} to {@code victim}'s key, which is public. */
    private static byte[] ikMessage(Identity own, MeshPeer victim) throws NoiseException {
        SplittableRandom random = new SplittableRandom(1);
        HandshakeState state = HandshakeState.initiator(HandshakePattern.IK, SecureDatagrams.PROLOGUE, own.keys(),
                victim.identity().keys().publicKey(), () -> {
                    byte[] e = new byte[32];
                    random.nextBytes(e);
                    return e;
                });
        return state.writeMessage(new byte[0]);
    }
}
