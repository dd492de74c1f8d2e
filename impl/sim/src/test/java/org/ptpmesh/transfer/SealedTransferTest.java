package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.ptpmesh.compose.ForwardingNode;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.noise.DhKeyPair;
import org.ptpmesh.noise.EphemeralKeySource;
import org.ptpmesh.noise.NoiseLimits;
import org.ptpmesh.secure.Identity;
import org.ptpmesh.secure.KeyLog;
import org.ptpmesh.secure.SecureNode;
import org.ptpmesh.sim.Host;
import org.ptpmesh.sim.LinkProfile;
import org.ptpmesh.sim.Simulation;
import org.ptpmesh.transfer.TransferReport.Outcome;
import org.ptpmesh.wire.Endpoint;

/**
 * A transfer between two session layers: the sender reaches the receiver by IK with its key, every
 * datagram the receiver's transfer node gets was sealed, and the object arrives whole in blocks
 * that fit sealed. The same transfer with direct-sized blocks cannot be sealed, which is why the
 * sealed sender's config chooses the block size.
 */
class SealedTransferTest {

    private static final int PORT = 7000;
    private static final int SIZE = 4 << 20;

    /** Between the receiver's session layer and its transfer node: counts what arrived sealed and what plain. */
    private static final class SealCounter extends ForwardingNode {
        long sealed;
        long plain;

        SealCounter(Node inner) {
            super(inner);
        }

        @Override
        public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
            plain++;
            super.onDatagram(localPort, from, data, now, out);
        }

        @Override
        public void onMessage(int localPort, Endpoint from, DecodedDatagram datagram, long now, Effects out) {
            if (datagram.authenticatedKey() == null) {
                plain++;
            } else {
                sealed++;
            }
            super.onMessage(localPort, from, datagram, now, out);
        }
    }

    private final Simulation sim = new Simulation(19);
    private final RandomGenerator random = sim.random("keys");
    private final EphemeralKeySource keys = () -> bytes(NoiseLimits.DH_LENGTH);
    private final MemoryStore store = new MemoryStore();
    private final List<TransferReport> senderReports = new ArrayList<>();
    private final List<TransferReport> receiverReports = new ArrayList<>();

    @Test
    void aFourMebibyteObjectArrivesWholeAndEveryDatagramOfItSealed() {
        Run run = transfer(TransferConfig.defaults().sealed());
        assertThat(run.bothReported).isTrue();
        assertThat(receiverReports).extracting(TransferReport::outcome).containsExactly(Outcome.COMPLETE);
        assertThat(senderReports).extracting(TransferReport::outcome).containsExactly(Outcome.COMPLETE);
        assertThat(store.object("object.bin")).isEqualTo(run.data);
        assertThat(receiverReports.get(0).blocks()).isEqualTo((SIZE + BlockSizes.SEALED - 1) / BlockSizes.SEALED);
        assertThat(run.counter.plain).isZero();
        assertThat(run.counter.sealed).isGreaterThan(receiverReports.get(0).blocks());
        assertThat(run.sender.drops().get("too_large_to_seal")).isZero();
    }

    @Test
    void blocksOfTheDirectSizeAreRefusedBySealingAndNeverArrive() {
        Run run = transfer(TransferConfig.defaults());
        assertThat(receiverReports).extracting(TransferReport::outcome).doesNotContain(Outcome.COMPLETE);
        assertThat(run.sender.drops().get("too_large_to_seal")).isPositive();
        assertThat(store.blocksHeld("object.bin")).isZero();
        assertThat(run.counter.plain).isZero();
    }

    private record Run(byte[] data, SealCounter counter, SecureNode sender, boolean bothReported) {
    }

    private Run transfer(TransferConfig senderConfig) {
        LinkProfile link = LinkProfile.ofLatency(10);
        sim.setDefaultUplink(link);
        Host senderHost = sim.internet().addHost("sender");
        Host receiverHost = sim.internet().addHost("receiver");
        Identity senderIdentity = new Identity(DhKeyPair.fromPrivateKey(bytes(NoiseLimits.DH_LENGTH)));
        Identity receiverIdentity = new Identity(DhKeyPair.fromPrivateKey(bytes(NoiseLimits.DH_LENGTH)));
        Endpoint receiverEndpoint = receiverHost.endpoint(PORT);

        SealCounter counter = new SealCounter(new TransferNode(new TransferEndpoint(TransferConfig.defaults()
                .withRetries(3, 2_000), receiverIdentity.peerId(), "receiver", store, TransferEndpoint.Catalog.NONE,
                receiverReports::add, sim.random("receiver")), PORT));
        TransferNode senderNode = new TransferNode(new TransferEndpoint(senderConfig, senderIdentity.peerId(), "sender",
                BlockStore.NONE, TransferEndpoint.Catalog.NONE, senderReports::add, sim.random("sender")), PORT);
        SecureNode receiver = SealedTransfers.receiver(counter, receiverIdentity, KeyLog.NONE, keys, random);
        SecureNode sender = SealedTransfers.sender(senderNode, senderIdentity, receiverEndpoint,
                receiverIdentity.keys().publicKey(), KeyLog.NONE, keys, random);
        receiverHost.start(receiver);
        senderHost.start(sender);

        byte[] data = new byte[SIZE];
        new Random(SIZE).nextBytes(data);
        MemorySource source = new MemorySource(data);
        senderHost.invoke(out -> sender.callInner(sim.now(), out, inner -> senderNode.endpoint().offer("object.bin", source,
                source.sha256(), senderNode.routeTo(receiverEndpoint), sim.now(), inner)));
        boolean bothReported = sim.runUntil(sim.now() + 120_000, () -> !receiverReports.isEmpty() && !senderReports.isEmpty());
        return new Run(data, counter, sender, bothReported);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
