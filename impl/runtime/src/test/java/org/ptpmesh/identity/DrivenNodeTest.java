package org.ptpmesh.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.secure.SecureNode;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;

/** {@link DrivenNode}: what a driver makes the node send goes through the session layer when keyed, as it is when not. */
class DrivenNodeTest {

    private static final Endpoint INTRODUCER = Endpoint.parse("192.0.2.1:23456");

    @TempDir
    Path dir;

    /** A node that sends a PING to the introducer when its driver asks. */
    private static final class Pinger implements Node {

        private final PeerId self;

        Pinger(PeerId self) {
            this.self = self;
        }

        void ping(long now, Effects out) {
            out.send(3456, INTRODUCER, Messages.ping(self, NatType.UNKNOWN, 0, 3457, null, now), 64);
        }

        @Override
        public void start(long now, Effects out) {
        }

        @Override
        public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
        }

        @Override
        public void onTimer(TimerKey key, long now, Effects out) {
        }
    }

    @Test
    void aLegacyNodeSendsWhatItsDriverAsksPlain() {
        Pinger pinger = new Pinger(PeerId.random(new SecureRandom()));
        DrivenNode driven = DrivenNode.plain(pinger);
        RecordingEffects out = new RecordingEffects();

        driven.call(1_000, out, inner -> pinger.ping(1_000, inner));

        assertThat(driven.node()).isSameAs(pinger);
        assertThat(driven.sealed()).isNull();
        assertThat(out.sent).extracting(s -> s.message().kind()).containsExactly(MessageKind.PING);
        assertThat(driven.innerEffects(out, 1_000)).isSameAs(out);
    }

    @Test
    void aKeyedNodeSendsWhatItsDriverAsksOnlyOnceAHandshakeWithItsIntroducerRuns() throws Exception {
        byte[] introducerKey = new byte[32];
        introducerKey[0] = 9;
        try (NodeSecurity keys = NodeSecurity.load(dir.resolve("identity"), Map.of(INTRODUCER, introducerKey), Map.of(),
                note -> { }, new SecureRandom())) {
            Pinger pinger = new Pinger(keys.identity().peerId());
            DrivenNode driven = DrivenNode.keyed(pinger, keys, Set.of(INTRODUCER), "sessions");
            RecordingEffects out = new RecordingEffects();

            driven.call(1_000, out, inner -> pinger.ping(1_000, inner));
            driven.innerEffects(out, 1_001).send(3456, INTRODUCER, Messages.ping(keys.identity().peerId(), NatType.UNKNOWN, 0,
                    3457, null, 1_001), 64);

            assertThat(driven.node()).isInstanceOf(SecureNode.class).isSameAs(driven.sealed());
            // the pinned key gives an IK init; both PINGs wait for the session, none leaves plain
            List<MessageKind> kinds = out.sent.stream().map(s -> s.message().kind()).toList();
            assertThat(kinds).contains(MessageKind.HANDSHAKE_INIT).doesNotContain(MessageKind.PING);
            assertThat(out.sent).allMatch(s -> s.to().equals(INTRODUCER));
        }
    }
}
