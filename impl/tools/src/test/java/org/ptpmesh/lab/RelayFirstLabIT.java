package org.ptpmesh.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ptpmesh.peer.Path;
import org.ptpmesh.trace.TraceEvent;

/**
 * Relay first, then direct, through real NATs: a stream of application messages starts before
 * any path exists, flows through the introducer's relay, moves to the punched path mid-stream,
 * and arrives complete, in order, each message once.
 *
 * <p>The pair is Easy with Hard, whose birthday punching takes a second or more. Keyed peers relay
 * in a session of their own, made by an IK handshake through the relay (docs/protocol.md 6.9): on
 * an Easy/Easy pair the direct path, one handshake across the NATs, may be confirmed before that
 * session exists, and the stream then needs no relay.
 */
@Tag("lab")
class RelayFirstLabIT {

    private static final int AFTER_UPGRADE = 150;
    private static final int MAX_MESSAGES = 2_000;

    @BeforeEach
    void lab() {
        LabTests.assumeLab();
    }

    @Test
    void aStreamMovesFromRelayToDirectWithoutLossDuplicateOrReorder() throws Exception {
        try (TwoPeers pair = TwoPeers.start(LabNat.EASY, LabNat.HARD, PairOptions.defaults())) {
            assertThat(pair.awaitClassified(5_000)).isTrue();
            LabPeer a = pair.a();
            LabPeer b = pair.b();
            int sent = 0;
            int directAt = -1;
            while (sent < MAX_MESSAGES && (directAt < 0 || sent < directAt + AFTER_UPGRADE)) {
                a.send(b, ("m" + sent).getBytes(StandardCharsets.UTF_8));
                sent++;
                Thread.sleep(5);
                if (directAt < 0 && sent % 10 == 0 && a.pathTo(b) == Path.DIRECT) {
                    directAt = sent;
                }
            }
            int total = sent;
            assertThat(directAt).as("the path became direct while the stream ran").isPositive();
            assertThat(Await.until(5_000, () -> b.receivedFrom(a).size() >= total)).as("all messages arrive").isTrue();
            Thread.sleep(300); // a duplicate would arrive about now

            List<String> expected = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                expected.add("m" + i);
            }
            List<String> got = b.receivedFrom(a).stream().map(p -> new String(p, StandardCharsets.UTF_8)).toList();
            assertThat(got).containsExactlyElementsOf(expected);
            assertThat(receivedOn(b, "RELAY")).as("some came through the relay").isPositive();
            assertThat(receivedOn(b, "DIRECT")).as("some came on the direct path").isPositive();
            assertThat(a.count("UpgradeToDirect")).isEqualTo(1);
            assertThat(pair.introducerA().count("Relay")).isPositive();
        }
    }

    private static long receivedOn(LabPeer peer, String path) {
        return peer.traces().stream().filter(t -> t.event().equals("ReceiveData"))
                .map(TraceEvent::params).filter(p -> path.equals(p.get("path"))).count();
    }
}
