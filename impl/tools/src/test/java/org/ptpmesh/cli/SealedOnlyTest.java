package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.TlvTypes;

/** Which datagrams {@link SealedOnly} lets through to the transfer node, and what it counts. */
class SealedOnlyTest {

    private static final Endpoint SESSION_PEER = Endpoint.parse("192.0.2.1:4000");
    private static final Endpoint STRANGER = Endpoint.parse("192.0.2.9:4000");
    private static final byte[] DONE = Codec.encode(Message.of(MessageKind.DONE, new byte[16]).uint(TlvTypes.XFERID, 7, 4)
            .uint(TlvTypes.XFERSTATUS, 0, 1).build());

    private final List<Endpoint> passed = new ArrayList<>();
    private final List<Endpoint> refusedFirst = new ArrayList<>();
    private final Node inner = new Node() {
        @Override
        public void start(long now, Effects out) {
        }

        @Override
        public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
            passed.add(from);
        }

        @Override
        public void onTimer(TimerKey key, long now, Effects out) {
        }
    };

    private static DecodedDatagram plain() {
        return new DecodedDatagram().decode(DONE);
    }

    private static DecodedDatagram sealed() {
        return new DecodedDatagram().decode(DONE).authenticatedBy(new byte[32]);
    }

    @Test
    void aKeyedEndTakesOnlyWhatWasOpenedFromASessionAndNotesTheFirstPlainOnce() {
        SealedOnly node = new SealedOnly(inner, false, refusedFirst::add);
        node.onMessage(1, SESSION_PEER, sealed(), 0, null);
        node.onMessage(1, STRANGER, plain(), 0, null);
        node.onMessage(1, SESSION_PEER, plain(), 0, null);
        node.onDatagram(1, STRANGER, DONE, 0, null);
        assertThat(passed).containsExactly(SESSION_PEER);
        assertThat(node.drops().get("not_sealed")).isEqualTo(3);
        assertThat(refusedFirst).as("noted once, whatever follows").containsExactly(STRANGER);
    }

    @Test
    void aLegacyEndTakesPlainDatagramsExceptFromASealedSessionsRoute() {
        SealedOnly node = new SealedOnly(inner, true, refusedFirst::add);
        node.sealedRoutes((port, from) -> port == 1 && from.equals(SESSION_PEER));
        node.onMessage(1, STRANGER, plain(), 0, null);
        node.onMessage(1, SESSION_PEER, plain(), 0, null);
        node.onMessage(2, SESSION_PEER, plain(), 0, null);
        node.onMessage(1, SESSION_PEER, sealed(), 0, null);
        assertThat(passed).containsExactly(STRANGER, SESSION_PEER, SESSION_PEER);
        assertThat(node.drops().snapshot()).containsExactly(java.util.Map.entry("plain_on_sealed_route", 1L));
        assertThat(refusedFirst).isEmpty();
    }
}
