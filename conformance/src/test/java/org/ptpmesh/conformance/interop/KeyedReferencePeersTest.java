package org.ptpmesh.conformance.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.identity.NodeSecurity;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.net.DatagramTap;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;

/**
 * Two keyed reference peers (what {@code ptpconform peer} runs) on real UDP sockets on loopback,
 * with two sealed introducers whose keys they pin: they register sealed, are introduced with each
 * other's keys, punch with IK, confirm a direct path and deliver their message, and every
 * datagram either sends straight to the other, as the other receives it, is a handshake or a
 * SEALED one (docs/protocol.md 6.9, "Punching with keys").
 */
class KeyedReferencePeersTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final long TIMEOUT_MILLIS = 15_000;

    private final SealedIntroducers introducers = new SealedIntroducers();
    private final Map<Endpoint, byte[]> pins = new HashMap<>();

    @AfterEach
    void stop() {
        introducers.close();
    }

    @Test
    void keyedPeersPunchWithIkAndSendEachOtherOnlySealedDatagrams(@TempDir Path dir) throws Exception {
        List<Endpoint> intro = introducers(dir, 1, 2);
        int[] ports = freePorts(4);
        Endpoint bindA = new Endpoint(LOOPBACK, ports[0]);
        Endpoint bindB = new Endpoint(LOOPBACK, ports[2]);
        Wire fromA = new Wire(bindB);
        Wire fromB = new Wire(bindA);
        try (NodeSecurity keysA = keys(dir.resolve("a/identity"));
             NodeSecurity keysB = keys(dir.resolve("b/identity"));
             ReferencePeer b = new ReferencePeer(bindB, ports[3], intro, keysB.identity().peerId(), behaviour(keysB, fromB));
             ReferencePeer a = new ReferencePeer(bindA, ports[1], intro, keysA.identity().peerId(), behaviour(keysA, fromA))) {
            long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
            assertThat(a.awaitNat(deadline)).isEqualTo(NatType.STATIC);
            assertThat(b.awaitNat(deadline)).isEqualTo(NatType.STATIC);

            assertThat(a.connectAndSend(keysB.identity().peerId(), "hello", deadline)).isEqualTo(org.ptpmesh.peer.Path.DIRECT);
            assertThat(b.awaitMessage(deadline)).isEqualTo(keysA.identity().peerId());
            assertThat(b.awaitGoalPath(keysA.identity().peerId(), deadline)).isEqualTo(org.ptpmesh.peer.Path.DIRECT);
        }
        for (Wire wire : List.of(fromA, fromB)) {
            assertThat(wire.kinds.keySet()).as("what passed between the peers: %s", wire.kinds)
                    .containsAnyOf(MessageKind.HANDSHAKE_INIT, MessageKind.HANDSHAKE_RESP)
                    .contains(MessageKind.SEALED)
                    .isSubsetOf(MessageKind.HANDSHAKE_INIT, MessageKind.HANDSHAKE_RESP, MessageKind.SEALED);
            assertThat(wire.unreadable).as("datagrams between the peers that did not decode").isZero();
        }
        assertThat(fromA.kinds.get(MessageKind.SEALED)).as("a's sealed datagrams to b (punch, data, keepalive)").isGreaterThan(2);
    }

    @Test
    void aPeerWithoutTheIntroducersPinnedKeyReachesNoOne(@TempDir Path dir) throws Exception {
        List<Endpoint> intro = introducers(dir, 3, 4);
        // pinned to keys the introducers do not hold: the handshakes fail, nothing is registered, so no NAT type
        pins.replaceAll((endpoint, key) -> key.clone());
        pins.values().forEach(key -> key[0] ^= 1);
        int[] ports = freePorts(2);
        try (NodeSecurity keys = keys(dir.resolve("c/identity"));
             ReferencePeer peer = new ReferencePeer(new Endpoint(LOOPBACK, ports[0]), ports[1], intro, keys.identity().peerId(),
                     behaviour(keys, DatagramTap.NONE))) {
            assertThat(peer.awaitNat(System.currentTimeMillis() + 3_000)).isEqualTo(NatType.UNKNOWN);
        }
    }

    /** Two sealed introducers on loopback, their keys pinned in {@link #pins}. */
    private List<Endpoint> introducers(Path dir, int seedA, int seedB) throws Exception {
        List<Endpoint> both = List.of(introducers.start(LOOPBACK, dir, seedA), introducers.start(LOOPBACK, dir, seedB));
        pins.putAll(introducers.pins());
        return both;
    }

    private NodeSecurity keys(Path identityFile) throws Exception {
        return NodeSecurity.load(identityFile, pins, Map.of(), note -> { }, new SecureRandom());
    }

    private static ReferencePeer.Behaviour behaviour(NodeSecurity keys, DatagramTap tap) {
        return new ReferencePeer.Behaviour(false, null, 1_000, e -> { }, keys, tap);
    }

    /** What one peer's sockets send to, and receive from, {@code other}, by kind. */
    private static final class Wire implements DatagramTap {

        private final Endpoint other;
        private final DecodedDatagram decoder = new DecodedDatagram();
        final Map<MessageKind, Integer> kinds = new EnumMap<>(MessageKind.class);
        int unreadable;

        Wire(Endpoint other) {
            this.other = other;
        }

        @Override
        public void sent(int localPort, Endpoint to, byte[] data) {
            if (to.equals(other)) {
                count(data);
            }
        }

        @Override
        public void received(int localPort, Endpoint from, byte[] data) {
            if (from.equals(other)) {
                count(data);
            }
        }

        private synchronized void count(byte[] data) {
            decoder.decode(data);
            MessageKind kind = decoder.error() == null ? MessageKind.fromCode(decoder.kindCode()) : null;
            if (kind == null) {
                unreadable++;
            } else {
                kinds.merge(kind, 1, Integer::sum);
            }
        }
    }

    private static int[] freePorts(int count) {
        return SealedIntroducers.distinctFreePorts(LOOPBACK, count);
    }
}
