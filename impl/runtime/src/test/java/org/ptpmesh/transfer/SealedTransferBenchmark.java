package org.ptpmesh.transfer;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.ptpmesh.net.LocalAddresses;
import org.ptpmesh.net.ReceiveBuffer;
import org.ptpmesh.net.UdpRuntime;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
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

/**
 * Sealed against unsealed bulk transfer on 127.0.0.1: the same file, from a file source to a
 * directory store as {@code ptpmesh send} and {@code receive} do, over the UDP runtime, both ends
 * in this JVM. Rounds alternate the two (which goes first alternates too), after one warm-up
 * transfer of each; each figure is the median of its rounds, goodput as the receiver reports it
 * (from the OFFER to the verified file in place). The sealed sender reaches the receiver by IK
 * with its key, and offers blocks of {@link BlockSizes#SEALED}. Neither end builds trace events,
 * as {@code send} and {@code receive} build none without {@code --trace}. Also prints this process's CPU
 * time per megabyte delivered. Not a test; ci/bench-sealed runs it (docs/performance.md).
 */
public final class SealedTransferBenchmark {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final double TARGET = 0.85;
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private record Result(double bytesPerSecond, double seconds, long retransmitted, double cpuSecondsPerMegabyte) {
    }

    private final Path work;
    private final TransferConfig receiving;
    private final SecureRandom random = new SecureRandom();
    private final EphemeralKeySource keys = () -> bytes(NoiseLimits.DH_LENGTH);

    private SealedTransferBenchmark(Path work, TransferConfig receiving) {
        this.work = work;
        this.receiving = receiving;
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path work = Files.createTempDirectory("ptpmesh-bench-sealed");
        try {
            TransferConfig receiving = TransferConfig.defaults().withReceiveBuffer(ReceiveBuffer.datagrams(ReceiveBuffer.granted()));
            SealedTransferBenchmark bench = new SealedTransferBenchmark(work, receiving);
            System.out.printf("object: %d MiB, %d rounds; %d cores, load %.2f; blocks of %d bytes plain, %d sealed%n", mib, rounds,
                    Runtime.getRuntime().availableProcessors(), OS.getSystemLoadAverage(), BlockSizes.DIRECT, BlockSizes.SEALED);
            Path warmUp = randomFile(work.resolve("warm-up.bin"), Math.max(1, mib / 8));
            bench.transfer(warmUp, false);
            bench.transfer(warmUp, true);
            Files.delete(warmUp);
            Path object = randomFile(work.resolve("object.bin"), mib);
            List<Result> plain = new ArrayList<>();
            List<Result> sealed = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                boolean sealedFirst = round % 2 == 0;
                for (boolean seal : new boolean[] {sealedFirst, !sealedFirst}) {
                    Result r = bench.transfer(object, seal);
                    (seal ? sealed : plain).add(r);
                    System.out.printf("  round %d, %-8s %7.1f MB/s goodput (%.2f s, %d blocks re-requested), %.2f CPU ms per MB;"
                            + " load %.2f%n", round, seal ? "sealed:" : "plain:", r.bytesPerSecond / 1e6, r.seconds, r.retransmitted,
                            r.cpuSecondsPerMegabyte * 1e3, OS.getSystemLoadAverage());
                }
            }
            double plainMedian = median(plain, Result::bytesPerSecond);
            double sealedMedian = median(sealed, Result::bytesPerSecond);
            double ratio = sealedMedian / plainMedian;
            System.out.printf("medians of %d rounds: plain %.1f MB/s (%.2f CPU ms per MB), sealed %.1f MB/s (%.2f CPU ms per MB)%n",
                    rounds, plainMedian / 1e6, median(plain, Result::cpuSecondsPerMegabyte) * 1e3, sealedMedian / 1e6,
                    median(sealed, Result::cpuSecondsPerMegabyte) * 1e3);
            System.out.printf("ratio sealed / plain goodput: %.2f   target >= %.2f: %s%n", ratio, TARGET,
                    ratio >= TARGET ? "PASS" : "FAIL");
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One transfer of {@code file}, sealed or not, into a directory emptied afterwards. */
    private Result transfer(Path file, boolean sealed) throws IOException, InterruptedException {
        Path into = Files.createDirectories(work.resolve("in"));
        List<TransferReport> received = new CopyOnWriteArrayList<>();
        List<TransferReport> sent = new CopyOnWriteArrayList<>();
        int port = LocalAddresses.freeUdpPort(LOOPBACK);
        Endpoint to = Endpoint.of(new InetSocketAddress(LOOPBACK, port));
        Identity receiverIdentity = new Identity(DhKeyPair.fromPrivateKey(bytes(NoiseLimits.DH_LENGTH)));
        Identity senderIdentity = new Identity(DhKeyPair.fromPrivateKey(bytes(NoiseLimits.DH_LENGTH)));
        TransferNode receiverNode = new TransferNode(new TransferEndpoint(receiving, receiverIdentity.peerId(), "receiver",
                new DirectoryStore(into, false), TransferEndpoint.Catalog.NONE, received::add, random).recordSteps(false), port);
        TransferConfig sending = sealed ? TransferConfig.defaults().sealed() : TransferConfig.defaults();
        TransferNode senderNode = new TransferNode(new TransferEndpoint(sending, senderIdentity.peerId(), "sender",
                BlockStore.NONE, TransferEndpoint.Catalog.NONE, sent::add, random).recordSteps(false), 0);
        Node receiver = sealed ? SealedTransfers.receiver(receiverNode, receiverIdentity, KeyLog.NONE, keys, random) : receiverNode;
        SecureNode sealedSender = sealed ? SealedTransfers.sender(senderNode, senderIdentity, to,
                receiverIdentity.keys().publicKey(), KeyLog.NONE, keys, random) : null;
        try (FileSource source = new FileSource(file); UdpRuntime r = UdpRuntime.of(receiver, LOOPBACK)) {
            r.start();
            TransferEndpoint.Shared object = source.shared(sending.blockSize());
            BiConsumer<Long, Effects> offer = (now, out) -> senderNode.endpoint().offer(file.getFileName().toString(), object,
                    senderNode.routeTo(to), now, out);
            long cpuBefore = OS.getProcessCpuTime();
            try (UdpRuntime s = UdpRuntime.of(sealed ? sealedSender : senderNode, LOOPBACK)) {
                s.start();
                s.execute(sealed ? (now, out) -> sealedSender.callInner(now, out, inner -> offer.accept(now, inner)) : offer);
                long deadline = System.currentTimeMillis() + 600_000;
                while ((received.isEmpty() || sent.isEmpty()) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(5);
                }
            }
            double cpuSeconds = (OS.getProcessCpuTime() - cpuBefore) / 1e9;
            if (received.isEmpty() || received.get(0).outcome() != Outcome.COMPLETE) {
                throw new IllegalStateException((sealed ? "sealed" : "plain") + " transfer did not complete: " + received);
            }
            TransferReport report = received.get(0);
            return new Result(report.goodputBytesPerSecond(), report.millis() / 1e3, report.retransmittedBlocks(),
                    cpuSeconds / (report.size() / 1e6));
        } finally {
            Files.deleteIfExists(into.resolve(file.getFileName()));
        }
    }

    /** {@code mib} MiB of seeded pseudo-random bytes at {@code file} (nothing for a layer to compress). */
    private static Path randomFile(Path file, int mib) throws IOException {
        SplittableRandom random = new SplittableRandom(mib);
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(chunk.array());
                channel.write(chunk.clear());
            }
        }
        return file;
    }

    private static double median(List<Result> results, java.util.function.ToDoubleFunction<Result> of) {
        double[] values = results.stream().mapToDouble(of).sorted().toArray();
        return values[(values.length - 1) / 2];
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
