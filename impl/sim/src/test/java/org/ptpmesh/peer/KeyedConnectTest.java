package org.ptpmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.nat.Strategy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptpmesh.scenario.Mesh;
import org.ptpmesh.scenario.MeshPeer;
import org.ptpmesh.scenario.NatKind;
import org.ptpmesh.sim.SeedInFailure;
import org.ptpmesh.wire.MessageKind;

/**
 * Keyed peers (docs/protocol.md 6.9) punch with IK to the key their INTRO named: measured on the
 * simulated wire, every PUNCH, PUNCH_ACK, KEEPALIVE and DATA between them leaves its host sealed,
 * none plain, and the path is confirmed.
 */
@ExtendWith(SeedInFailure.class)
class KeyedConnectTest {

    private static final long SETTLE = 3_000;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"EASY, EASY, DIRECT", "LINUX_EASY, LINUX_EASY, DIRECT", "NONE, HARD, DIRECT", "ONE_TO_ONE, LINUX_HARD, DIRECT"})
    void keyedPairsConfirmTheirPathSealedAndSendNothingPlainToEachOther(NatKind a, NatKind b, AttemptOutcome outcome) {
        Connected c = connected(11, a, b, 5_000);
        Mesh mesh = c.mesh();
        MeshPeer pa = c.a();
        MeshPeer pb = c.b();
        KeyedWire wire = c.wire();
        mesh.send(pa, pb, "hello");
        mesh.send(pb, pa, "hi");
        mesh.runFor(2_000);

        assertThat(lastResult(pa).outcome()).isEqualTo(outcome);
        assertThat(pa.peer().pathTo(pb.id())).isEqualTo(Path.DIRECT);
        assertThat(pb.peer().pathTo(pa.id())).isEqualTo(Path.DIRECT);
        assertThat(pb.deliveries()).extracting(MeshPeer.Delivery::payload).containsExactly("hello");
        assertThat(pa.deliveries()).extracting(MeshPeer.Delivery::payload).containsExactly("hi");
        for (MessageKind plain : List.of(MessageKind.PUNCH, MessageKind.PUNCH_ACK, MessageKind.DATA, MessageKind.DATA_ACK,
                MessageKind.KEEPALIVE, MessageKind.KEEPALIVE_ACK)) {
            assertThat(wire.count(plain)).as("plain %s on the wire", plain).isZero();
        }
        assertThat(wire.of("a", MessageKind.HANDSHAKE_INIT, publicAddress(pb))).as("a's punch handshakes").isNotEmpty();
        assertThat(wire.of("b", MessageKind.HANDSHAKE_INIT, publicAddress(pa))).as("b's punch handshakes").isNotEmpty();
        assertThat(wire.of("a", MessageKind.SEALED, publicAddress(pb))).as("a's sealed datagrams to b").hasSizeGreaterThan(2);
        assertThat(wire.of("b", MessageKind.SEALED, publicAddress(pa))).as("b's sealed datagrams to a").hasSizeGreaterThan(2);
        assertThat(pa.peer().drops().get("not_sealed_by_peer_key")).isZero();
        assertThat(pb.peer().drops().get("not_sealed_by_peer_key")).isZero();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = 5)
    void keyedLanPeersBehindOneNatConnectSealedFromTheirLanAddresses(long seed) {
        Mesh mesh = Mesh.keyed(seed);
        MeshPeer pa = mesh.addPeer("a", NatKind.LINUX_EASY);
        MeshPeer pb = mesh.addPeerBehind("b", pa);
        KeyedWire wire = KeyedWire.watch(mesh, "a", "b");
        mesh.runFor(SETTLE);
        mesh.connect(pa, pb);
        mesh.runFor(5_000);
        assertThat(lastResult(pa).strategy()).isEqualTo(Strategy.LAN);
        assertThat(lastResult(pa).outcome()).isEqualTo(AttemptOutcome.DIRECT);
        assertThat(wire.count(MessageKind.PUNCH) + wire.count(MessageKind.PUNCH_ACK)).as("plain punches").isZero();
        assertThat(wire.of("a", MessageKind.SEALED, pb.host().address())).as("sealed to b's LAN address").isNotEmpty();
    }

    /**
     * The birthday strategy with keys: the Hard side's 256 opener ports and each port the Easy side
     * probes get a handshake of their own (same port, same TTL), and the path is confirmed by a
     * sealed PUNCH on the port pair the birthday paradox found.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"EASY, HARD", "LINUX_HARD, LINUX_EASY"})
    void keyedBirthdayPairsConnectSealedInMostRuns(NatKind a, NatKind b) {
        int direct = 0;
        for (long seed = 1; seed <= 5; seed++) {
            Connected c = connected(seed, a, b, 15_000);
            MeshPeer pa = c.a();
            MeshPeer pb = c.b();
            KeyedWire wire = c.wire();
            MeshPeer easy = a.expectedType() == NatType.EASY ? pa : pb;
            assertThat(lastResult(easy).strategy()).as("seed %d", seed).isEqualTo(Strategy.BIRTHDAY_PROBE);
            assertThat(wire.count(MessageKind.PUNCH) + wire.count(MessageKind.PUNCH_ACK)).as("plain punches, seed %d", seed).isZero();
            if (lastResult(easy).outcome() == AttemptOutcome.DIRECT) {
                direct++;
                assertThat(pa.peer().pathTo(pb.id())).as("seed %d", seed).isEqualTo(Path.DIRECT);
                assertThat(pb.peer().pathTo(pa.id())).as("seed %d", seed).isEqualTo(Path.DIRECT);
            }
        }
        // unkeyed, 8 of 10 seeds connect (ConnectTest); the handshakes must not cost the birthday odds
        assertThat(direct).as("direct connections over seeds 1-5").isGreaterThanOrEqualTo(4);
    }

    /** A keyed mesh's two peers, and what they sent. */
    private record Connected(Mesh mesh, MeshPeer a, MeshPeer b, KeyedWire wire) {
    }

    /** Peers a and b of a keyed mesh behind NATs of {@code kindA} and {@code kindB}, {@code millis} after a asked for b. */
    private static Connected connected(long seed, NatKind kindA, NatKind kindB, long millis) {
        Mesh mesh = Mesh.keyed(seed);
        MeshPeer pa = mesh.addPeer("a", kindA);
        MeshPeer pb = mesh.addPeer("b", kindB);
        KeyedWire wire = KeyedWire.watch(mesh, "a", "b");
        mesh.runFor(SETTLE);
        mesh.connect(pa, pb);
        mesh.runFor(millis);
        return new Connected(mesh, pa, pb, wire);
    }

    /** Where {@code p}'s datagrams come from on the internet: its NAT's address, or its own. */
    static InetAddress publicAddress(MeshPeer p) {
        return p.nat() == null ? p.host().address() : p.nat().publicAddressOf(p.host());
    }

    static AttemptResult lastResult(MeshPeer p) {
        List<AttemptResult> results = p.peer().attemptResults();
        assertThat(results).as(p + " attempts").isNotEmpty();
        return results.get(results.size() - 1);
    }
}
