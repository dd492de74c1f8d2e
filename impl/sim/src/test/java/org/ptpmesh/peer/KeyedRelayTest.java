package org.ptpmesh.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.scenario.Mesh;
import org.ptpmesh.scenario.MeshPeer;
import org.ptpmesh.scenario.NatKind;
import org.ptpmesh.sim.SeedInFailure;
import org.ptpmesh.wire.PeerId;

/**
 * Keyed peers on the relay (docs/protocol.md 6.9, "Relayed sessions"), with the real introducer:
 * what they relay goes in a session of their own, and relay abuse by a keyed peer neither loops,
 * nor amplifies, nor costs the genuine pair a message. Each test says what it counted.
 */
@ExtendWith(SeedInFailure.class)
class KeyedRelayTest {

    private static final long SETTLE = 3_000;

    private static List<String> payloads(MeshPeer p) {
        return p.deliveries().stream().map(MeshPeer.Delivery::payload).toList();
    }

    private static List<String> numbered(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "m" + i).toList();
    }

    /** Sends {@code count} messages from {@code a} to {@code b}, one every {@code gap} ms, from now on. */
    private static void stream(Mesh mesh, MeshPeer a, MeshPeer b, int count, long gap) {
        for (int i = 1; i <= count; i++) {
            int n = i;
            mesh.simulation().at(mesh.simulation().now() + (i - 1) * gap, () -> mesh.send(a, b, "m" + n));
        }
    }

    /** A keyed mesh with peers a and b behind NATs of {@code kindA} and {@code kindB}, registered with the introducers. */
    private static Mesh settled(long seed, NatKind kindA, NatKind kindB) {
        Mesh mesh = Mesh.keyed(seed);
        mesh.addPeer("a", kindA);
        mesh.addPeer("b", kindB);
        mesh.runFor(SETTLE);
        return mesh;
    }

    private static boolean relayedSession(Mesh mesh, MeshPeer from, MeshPeer to) {
        return from.secure().hasRelayedSessionWith(PeerDefaults.LOCAL_PORT, mesh.introducerAddressA(), to.id());
    }

    /** Runs {@code action} on {@code p}'s peer now, its sends through its session layer. */
    private static void onPeer(Mesh mesh, MeshPeer p, java.util.function.Consumer<org.ptpmesh.node.Effects> action) {
        p.host().invoke(out -> p.secure().callInner(mesh.simulation().now(), out, action));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = 22)
    void aHardPairStaysOnTheRelayInASessionOfItsOwnAndDeliversEverything(long seed) {
        Mesh mesh = settled(seed, NatKind.LINUX_HARD, NatKind.HARD);
        MeshPeer a = mesh.peer("a");
        MeshPeer b = mesh.peer("b");
        stream(mesh, a, b, 50, 10);
        stream(mesh, b, a, 50, 10);
        mesh.runFor(10_000);

        assertThat(payloads(b)).containsExactlyElementsOf(numbered(50));
        assertThat(payloads(a)).containsExactlyElementsOf(numbered(50));
        assertThat(a.peer().pathTo(b.id())).isEqualTo(Path.RELAY);
        assertThat(relayedSession(mesh, a, b)).isTrue();
        assertThat(relayedSession(mesh, b, a)).isTrue();
        for (MeshPeer p : List.of(a, b)) {
            assertThat(p.peer().drops().get("not_sealed_by_peer_key")).as("%s", p).isZero();
            assertThat(p.secure().drops().get("relayed_not_sealed")).as("%s", p).isZero();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {22, 23})
    void aMessageLostBeforeTheRelayedSessionIsResentWhileTheStreamGoesOn(long seed) {
        Mesh mesh = settled(seed, NatKind.LINUX_HARD, NatKind.HARD);
        MeshPeer a = mesh.peer("a");
        MeshPeer b = mesh.peer("b");
        long start = mesh.simulation().now();
        // the first message leaves before any INTRO names b's key: a's session layer drops it
        // (relay_target_not_introduced); a steady stream must not keep its resend waiting
        stream(mesh, a, b, 600, 10);
        mesh.runFor(10_000);

        assertThat(a.secure().drops().get("relay_target_not_introduced")).as("the first message was lost").isPositive();
        assertThat(payloads(b)).containsExactlyElementsOf(numbered(600));
        long firstDelivered = b.deliveries().get(0).time() - start;
        assertThat(firstDelivered).as("ms until m1 arrived, the stream running for 6,000 ms")
                .isLessThan(2 * PeerDefaults.DATA_RETRANSMIT_MILLIS + 1_000);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = 21)
    void relayFirstThenDirectLosesNothingWithKeys(long seed) {
        Mesh mesh = settled(seed, NatKind.LINUX_EASY, NatKind.EASY);
        MeshPeer a = mesh.peer("a");
        MeshPeer b = mesh.peer("b");
        stream(mesh, a, b, 100, 20);
        mesh.runFor(10_000);

        assertThat(payloads(b)).containsExactlyElementsOf(numbered(100));
        // the first messages went before the direct path: through the relay, in a session of their own
        assertThat(relayedSession(mesh, a, b)).isTrue();
        assertThat(a.peer().pathTo(b.id())).isEqualTo(Path.DIRECT);
    }

    /**
     * c asks to be introduced to b, which never asked for c, then floods b with 3,000 relayed
     * keepalives in a second while a and b talk there both ways. Measured: the introducer relays
     * c's flood only up to the pair's quota (2,000 a 10 s window, the rest counted relay_quota), b
     * takes c's datagrams only in their session, and every message of a and of b arrives, in order.
     * b answers each keepalive through the relay; with a quota per sender rather than per pair
     * those answers used up b's own, and a received none of b's 50 messages.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = 31)
    void aPeerFloodingAnotherThroughTheRelayIsBoundByItsQuotaAndHarmsNoGenuinePair(long seed) {
        Mesh mesh = settled(seed, NatKind.LINUX_HARD, NatKind.HARD);
        MeshPeer a = mesh.peer("a");
        MeshPeer b = mesh.peer("b");
        MeshPeer c = mesh.addPeer("c", NatKind.HARD);
        mesh.runFor(SETTLE);
        mesh.connect(c, b);
        mesh.runFor(1_000);
        stream(mesh, a, b, 50, 20);
        stream(mesh, b, a, 50, 20);
        int flood = 3_000;
        for (int i = 0; i < flood; i++) {
            long seq = i;
            mesh.simulation().at(mesh.simulation().now() + i / 3, () -> onPeer(mesh, c,
                    out -> c.peer().sendRelayed(b.id(), Messages.keepalive(c.id(), seq + 1), out)));
        }
        mesh.runFor(5_000);

        assertThat(payloads(b)).containsExactlyElementsOf(numbered(50));
        assertThat(payloads(a)).containsExactlyElementsOf(numbered(50));
        long refused = mesh.introducerA().drops().get("relay_quota");
        assertThat(refused).as("relays over c's quota").isGreaterThanOrEqualTo(flood - 2_000);
        assertThat(b.secure().drops().get("relayed_not_sealed") + b.peer().drops().get("not_sealed_by_peer_key")).isZero();
        assertThat(relayedSession(mesh, b, c)).as("c's datagrams reached b only in their session").isTrue();
    }

    /**
     * A keyed peer relaying to itself, to the introducer, to an id no INTRO named, or a RELAY
     * addressed back to itself inside its relayed datagram. Measured: the first three never leave its
     * session layer (relay_target_not_introduced); the nested one crosses the introducer once,
     * sealed, and b's peer drops what it opens (relayed_unexpected_kind): no loop, no second copy.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = 32)
    void relaysThatWouldLoopGoNowhereAndAreCounted(long seed) {
        Mesh mesh = settled(seed, NatKind.LINUX_HARD, NatKind.HARD);
        MeshPeer a = mesh.peer("a");
        MeshPeer b = mesh.peer("b");
        mesh.send(a, b, "hello");
        mesh.runFor(2_000);
        assertThat(payloads(b)).containsExactly("hello");

        PeerId stranger = PeerId.of(new byte[16]);
        // the first message went before a's INTRO came, and was refused the same way: counted from here
        long refusedBefore = a.secure().drops().get("relay_target_not_introduced");
        onPeer(mesh, a, out -> {
            a.peer().sendRelayed(a.id(), Messages.keepalive(a.id(), 1), out);
            a.peer().sendRelayed(mesh.introducerA().id(), Messages.keepalive(a.id(), 1), out);
            a.peer().sendRelayed(stranger, Messages.keepalive(a.id(), 1), out);
        });
        mesh.runFor(100);
        assertThat(a.secure().drops().get("relay_target_not_introduced") - refusedBefore).isEqualTo(3);

        long introducerDropsBefore = mesh.introducerA().drops().total();
        onPeer(mesh, a, out -> a.peer().sendRelayed(b.id(), Messages.relay(a.id(), a.id(), Messages.keepalive(a.id(), 1)), out));
        mesh.runFor(1_000);
        assertThat(b.peer().drops().get("relayed_unexpected_kind")).isOne();
        assertThat(a.peer().drops().get("relayed_unexpected_kind")).isZero();
        assertThat(mesh.introducerA().drops().total()).isEqualTo(introducerDropsBefore);
    }
}
