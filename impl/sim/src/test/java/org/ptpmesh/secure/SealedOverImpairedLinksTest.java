package org.ptpmesh.secure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptpmesh.messages.Messages;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.noise.DhKeyPair;
import org.ptpmesh.noise.EphemeralKeySource;
import org.ptpmesh.sim.Host;
import org.ptpmesh.sim.LinkProfile;
import org.ptpmesh.sim.SeedInFailure;
import org.ptpmesh.sim.Simulation;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * A client's SecureNode reaches a server's over links that lose, duplicate and reorder: the
 * handshake completes through retries, every DATA the server's inner node gets is sealed by the
 * client's key and arrives once, whatever the network duplicated, and out-of-order counters open.
 */
@ExtendWith(SeedInFailure.class)
class SealedOverImpairedLinksTest {

    private static final int PORT = 7000;
    private static final int MESSAGES = 300;

    /** Sends DATA 0..MESSAGES-1 to {@code to} every 20 ms (none when null); answers each DATA; keeps the APPSEQs it got sealed. */
    private static final class Talker implements Node {

        private enum Tick implements TimerKey { SEND }

        final PeerId id;
        final Endpoint to;
        final List<Long> sealedSeqs = new ArrayList<>();
        int plain;
        private long next;

        Talker(PeerId id, Endpoint to) {
            this.id = id;
            this.to = to;
        }

        @Override
        public void start(long now, Effects out) {
            out.bind(PORT);
            if (to != null) {
                out.setTimer(Tick.SEND, now + 20);
            }
        }

        @Override
        public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
            onMessage(localPort, from, new DecodedDatagram().decode(data), now, out);
        }

        @Override
        public void onMessage(int localPort, Endpoint from, DecodedDatagram datagram, long now, Effects out) {
            if (datagram.authenticatedKey() == null) {
                plain++;
                return;
            }
            if (datagram.kindCode() == MessageKind.DATA.code()) {
                long seq = datagram.view().uintOf(TlvTypes.APPSEQ, -1);
                sealedSeqs.add(seq);
                out.send(localPort, from, Messages.dataAck(id, seq));
            }
        }

        @Override
        public void onTimer(TimerKey key, long now, Effects out) {
            out.send(PORT, to, Messages.data(id, next++, new byte[100]));
            if (next < MESSAGES) {
                out.setTimer(Tick.SEND, now + 20);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void sealedDataArrivesOnceAndAuthenticatedOverLossDuplicationAndReordering(long seed) {
        Simulation sim = new Simulation(seed);
        Host serverHost = sim.internet().addHost("server");
        Host clientHost = sim.internet().addHost("client");
        LinkProfile bad = LinkProfile.ofLatency(15).withLoss(0.1).withDuplication(0.1).withReordering(0.2, 30);
        serverHost.setLink(bad);
        clientHost.setLink(bad);
        RandomGenerator random = sim.random("keys");
        EphemeralKeySource keys = () -> bytes(random);
        Identity serverId = new Identity(DhKeyPair.fromPrivateKey(bytes(random)));
        Identity clientId = new Identity(DhKeyPair.fromPrivateKey(bytes(random)));
        Endpoint server = serverHost.endpoint(PORT);

        Talker serverInner = new Talker(serverId.peerId(), null);
        SecureNode serverNode = new SecureNode(serverInner, SecureConfig.server(serverId, KeyLog.NONE, "server"), keys, random);
        Talker clientInner = new Talker(clientId.peerId(), server);
        SecureNode clientNode = new SecureNode(clientInner, new SecureConfig(clientId, IntroducerTrust.FIRST_USE_ONLY,
                KeyLog.NONE, Set.of(server), SecureLimits.peer(), "client"), keys, random);
        serverHost.start(serverNode);
        clientHost.start(clientNode);
        sim.runFor(MESSAGES * 20 + 5_000);

        assertThat(serverInner.plain).isZero();
        assertThat(new HashSet<>(serverInner.sealedSeqs)).as("each DATA once").hasSameSizeAs(serverInner.sealedSeqs);
        // some 19% lost on the way (10% on each link), besides those past the queue while a lost init was retried
        long queued = MESSAGES - clientNode.drops().get("queue_full");
        assertThat(serverInner.sealedSeqs.size()).isGreaterThan((int) (queued * 3 / 4));
        assertThat(serverNode.drops().get("replayed")).as("the network's duplicates, refused").isPositive();
        assertThat(serverNode.drops().get("seal_open_failed")).isZero();
        assertThat(isReordered(serverInner.sealedSeqs)).as("some DATA opened out of order").isTrue();
    }

    private static boolean isReordered(List<Long> seqs) {
        for (int i = 1; i < seqs.size(); i++) {
            if (seqs.get(i) < seqs.get(i - 1)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] bytes(RandomGenerator random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return b;
    }
}
