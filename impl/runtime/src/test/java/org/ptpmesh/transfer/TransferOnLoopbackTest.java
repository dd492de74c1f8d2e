package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ptpmesh.net.LocalAddresses;
import org.ptpmesh.net.UdpRuntime;
import org.ptpmesh.noise.DhKeyPair;
import org.ptpmesh.noise.EphemeralKeySource;
import org.ptpmesh.noise.NoiseLimits;
import org.ptpmesh.secure.Identity;
import org.ptpmesh.secure.KeyLog;
import org.ptpmesh.secure.SecureNode;
import org.ptpmesh.transfer.TransferReport.Outcome;
import org.ptpmesh.transfer.file.DirectoryStore;
import org.ptpmesh.transfer.file.FileSource;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/** Files between two endpoints on real UDP sockets on 127.0.0.1, straight, sealed, or through a lossy relay socket. */
class TransferOnLoopbackTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    private final List<TransferReport> senderReports = new CopyOnWriteArrayList<>();
    private final List<TransferReport> receiverReports = new CopyOnWriteArrayList<>();

    private Path sourceFile(int size) throws IOException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        Path file = Files.createDirectories(dir.resolve("from")).resolve("object.bin");
        Files.write(file, data);
        return file;
    }

    private UdpRuntime receiver(Path into, int port) throws IOException {
        TransferEndpoint endpoint = new TransferEndpoint(TransferConfig.defaults(), PeerId.random(new SecureRandom()), "receiver",
                new DirectoryStore(into, false), TransferEndpoint.Catalog.NONE, receiverReports::add, new SecureRandom());
        UdpRuntime runtime = UdpRuntime.of(new TransferNode(endpoint, port), LOOPBACK);
        runtime.start();
        return runtime;
    }

    private UdpRuntime sendFile(Path file, FileSource source, InetSocketAddress to) throws IOException {
        TransferEndpoint endpoint = new TransferEndpoint(TransferConfig.defaults(), PeerId.random(new SecureRandom()), "sender",
                BlockStore.NONE, TransferEndpoint.Catalog.NONE, senderReports::add, new SecureRandom());
        TransferNode node = new TransferNode(endpoint, 0);
        UdpRuntime runtime = UdpRuntime.of(node, LOOPBACK);
        runtime.start();
        TransferEndpoint.Shared object = source.shared(BlockSizes.DIRECT);
        runtime.execute((now, out) -> endpoint.offer(file.getFileName().toString(), object, node.routeTo(Endpoint.of(to)), now, out));
        return runtime;
    }

    private static void awaitReports(List<TransferReport> reports, int count, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (reports.size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void aFileArrivesWholeAndIsMovedIntoPlaceOnlyWhenVerified() throws Exception {
        Path file = sourceFile(3_000_000);
        Path into = Files.createDirectories(dir.resolve("to"));
        int port = LocalAddresses.freeUdpPort(LOOPBACK);
        try (UdpRuntime r = receiver(into, port); FileSource source = new FileSource(file);
             UdpRuntime s = sendFile(file, source, new InetSocketAddress(LOOPBACK, port))) {
            awaitReports(senderReports, 1, 20_000);
        }
        assertThat(senderReports).extracting(TransferReport::outcome).containsExactly(Outcome.COMPLETE);
        assertThat(receiverReports).extracting(TransferReport::outcome).containsExactly(Outcome.COMPLETE);
        assertThat(Files.readAllBytes(into.resolve("object.bin"))).isEqualTo(Files.readAllBytes(file));
        try (var listing = Files.list(into)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("object.bin");
        }
    }

    @Test
    void aSealedTransferOnRealSocketsDeliversTheFileInSealedSizedBlocks() throws Exception {
        Path file = sourceFile(4 << 20);
        Path into = Files.createDirectories(dir.resolve("to"));
        int port = LocalAddresses.freeUdpPort(LOOPBACK);
        SecureRandom random = new SecureRandom();
        EphemeralKeySource keys = () -> key(random);
        Identity receiverIdentity = new Identity(DhKeyPair.fromPrivateKey(key(random)));
        Identity senderIdentity = new Identity(DhKeyPair.fromPrivateKey(key(random)));
        Endpoint to = Endpoint.of(new InetSocketAddress(LOOPBACK, port));
        TransferNode receiverNode = new TransferNode(new TransferEndpoint(TransferConfig.defaults(), receiverIdentity.peerId(),
                "receiver", new DirectoryStore(into, false), TransferEndpoint.Catalog.NONE, receiverReports::add, random), port);
        TransferNode senderNode = new TransferNode(new TransferEndpoint(TransferConfig.defaults().sealed(), senderIdentity.peerId(),
                "sender", BlockStore.NONE, TransferEndpoint.Catalog.NONE, senderReports::add, random), 0);
        SecureNode receiver = SealedTransfers.receiver(receiverNode, receiverIdentity, KeyLog.NONE, keys, random);
        SecureNode sender = SealedTransfers.sender(senderNode, senderIdentity, to, receiverIdentity.keys().publicKey(),
                KeyLog.NONE, keys, random);
        try (UdpRuntime r = UdpRuntime.of(receiver, LOOPBACK); FileSource source = new FileSource(file);
             UdpRuntime s = UdpRuntime.of(sender, LOOPBACK)) {
            r.start();
            s.start();
            TransferEndpoint.Shared object = source.shared(BlockSizes.SEALED);
            s.execute((now, out) -> sender.callInner(now, out, inner -> senderNode.endpoint().offer("object.bin", object,
                    senderNode.routeTo(to), now, inner)));
            awaitReports(senderReports, 1, 60_000);
            assertThat(receiver.sessionCount()).isOne();
            assertThat(sender.hasSessionWith(to)).isTrue();
        }
        assertThat(receiverReports).extracting(TransferReport::outcome).containsExactly(Outcome.COMPLETE);
        assertThat(receiverReports.get(0).blocks()).isEqualTo(((4 << 20) + BlockSizes.SEALED - 1) / BlockSizes.SEALED);
        assertThat(Files.readAllBytes(into.resolve("object.bin"))).isEqualTo(Files.readAllBytes(file));
        assertThat(sender.drops().get("too_large_to_seal")).isZero();
    }

    private static byte[] key(SecureRandom random) {
        byte[] key = new byte[NoiseLimits.DH_LENGTH];
        random.nextBytes(key);
        return key;
    }

    @ParameterizedTest
    @CsvSource({"0.0, 0.0, 0.0", "0.05, 0.02, 0.05", "0.20, 0.05, 0.1"})
    void lossDuplicationAndReorderingOnRealSockets(double loss, double duplication, double delay) throws Exception {
        Path file = sourceFile(1_000_000);
        Path into = Files.createDirectories(dir.resolve("to"));
        int port = LocalAddresses.freeUdpPort(LOOPBACK);
        try (UdpRuntime r = receiver(into, port); FileSource source = new FileSource(file);
             LossyUdpProxy proxy = new LossyUdpProxy(new InetSocketAddress(LOOPBACK, port), loss, duplication, delay, 5);
             UdpRuntime s = sendFile(file, source, proxy.address())) {
            awaitReports(receiverReports, 1, 60_000);
        }
        assertThat(receiverReports).extracting(TransferReport::outcome).containsExactly(Outcome.COMPLETE);
        assertThat(Files.readAllBytes(into.resolve("object.bin"))).isEqualTo(Files.readAllBytes(file));
        if (loss > 0) {
            assertThat(receiverReports.get(0).retransmittedBlocks()).isPositive();
        }
    }

    @Test
    void aReceiverThatVanishesAndComesBackIsWaitedFor() throws Exception {
        Path file = sourceFile(2_000_000);
        Path into = Files.createDirectories(dir.resolve("to"));
        int port = LocalAddresses.freeUdpPort(LOOPBACK);
        try (UdpRuntime r = receiver(into, port); FileSource source = new FileSource(file);
             LossyUdpProxy proxy = new LossyUdpProxy(new InetSocketAddress(LOOPBACK, port), 0, 0, 0, 6);
             UdpRuntime s = sendFile(file, source, proxy.address())) {
            Thread.sleep(30);
            proxy.blackHole(true);
            Thread.sleep(3_000);
            proxy.blackHole(false);
            awaitReports(receiverReports, 1, 60_000);
        }
        assertThat(receiverReports).extracting(TransferReport::outcome).containsExactly(Outcome.COMPLETE);
        assertThat(Files.readAllBytes(into.resolve("object.bin"))).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void aRestartedReceiverResumesFromItsJournal() throws Exception {
        Path file = sourceFile(20_000_000);
        Path into = Files.createDirectories(dir.resolve("to"));
        int port = LocalAddresses.freeUdpPort(LOOPBACK);
        try (FileSource source = new FileSource(file)) {
            UdpRuntime first = receiver(into, port);
            UdpRuntime s = sendFile(file, source, new InetSocketAddress(LOOPBACK, port));
            long deadline = System.currentTimeMillis() + 10_000;
            while ((!Files.exists(journal(into)) || Files.size(journal(into)) < 4_000) && System.currentTimeMillis() < deadline) {
                Thread.sleep(1);
            }
            first.close();
            long journalled = (Files.size(journal(into)) - 48) / 4;
            assertThat(journalled).isPositive();
            try (UdpRuntime second = receiver(into, port)) {
                awaitReports(receiverReports, 1, 30_000);
            }
            s.close();
            assertThat(receiverReports).extracting(TransferReport::outcome).containsExactly(Outcome.COMPLETE);
            long total = (20_000_000 + BlockSizes.DIRECT - 1) / BlockSizes.DIRECT;
            assertThat(receiverReports.get(0).blocks()).isLessThanOrEqualTo(total - journalled);
        }
        assertThat(Files.readAllBytes(into.resolve("object.bin"))).isEqualTo(Files.readAllBytes(file));
        assertThat(journal(into)).doesNotExist();
    }

    private static Path journal(Path into) {
        return into.resolve(".object.bin.journal");
    }
}
