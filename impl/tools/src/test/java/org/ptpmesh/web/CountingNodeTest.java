package org.ptpmesh.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.rendezvous.ServerSnapshot;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

class CountingNodeTest {

    private static final PeerId A = PeerId.random(new java.util.Random(1));
    private static final PeerId B = PeerId.random(new java.util.Random(2));

    /** Answers every datagram with a RELAYED of it, as the introducer relays. */
    private static final class Relaying implements Node {
        @Override
        public void start(long now, Effects out) {
        }

        @Override
        public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
            out.send(localPort, from, Messages.relayed(A, B, new byte[100]));
        }

        @Override
        public void onTimer(TimerKey key, long now, Effects out) {
        }
    }

    @Test
    void countsWhatTheNodeReceivesAndSendsByKindAndPassesItOn() throws Exception {
        ServerMetrics metrics = new ServerMetrics(() -> ServerSnapshot.EMPTY, Map::of);
        RecordingEffects out = new RecordingEffects();
        CountingNode node = new CountingNode(new Relaying(), metrics);
        Endpoint from = Endpoint.of("127.0.0.1", 4000);
        node.onDatagram(1, from, Messages.ping(A, NatType.EASY, 0, 2, null, 0), 0, out);
        node.onDatagram(1, from, Messages.relay(A, B, new byte[100]), 0, out);
        node.onDatagram(1, from, new byte[] {1, 2, 3}, 0, out);
        assertThat(out.sent).hasSize(3);
        PrometheusText p = PrometheusText.parse(text(metrics));
        assertThat(p.value("ptpserver_datagrams_received_total", Map.of("kind", "ping"))).isEqualTo(1);
        assertThat(p.value("ptpserver_datagrams_received_total", Map.of("kind", "relay"))).isEqualTo(1);
        assertThat(p.value("ptpserver_datagrams_received_total", Map.of("kind", "unknown"))).isEqualTo(1);
        assertThat(p.value("ptpserver_datagrams_sent_total", Map.of("kind", "relayed"))).isEqualTo(3);
        assertThat(p.value("ptpserver_relay_datagrams_total", Map.of())).isEqualTo(3);
        assertThat(p.value("ptpserver_relay_bytes_total", Map.of())).isEqualTo(3.0 * out.sent.get(0).payload().length);
        assertThat(List.of(metrics.relay()[0])).containsExactly(3L);
        assertThat(metrics.relayByClient()).containsOnlyKeys(B.toString());
        assertThat(metrics.relayByClient().get(B.toString())).containsExactly(3, 3L * out.sent.get(0).payload().length);
    }

    static String text(ServerMetrics metrics) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
