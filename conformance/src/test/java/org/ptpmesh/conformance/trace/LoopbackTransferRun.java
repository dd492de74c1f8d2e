package org.ptpmesh.conformance.trace;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.ptpmesh.net.DatagramTap;
import org.ptpmesh.net.LocalAddresses;
import org.ptpmesh.net.UdpRuntime;
import org.ptpmesh.trace.NdjsonTraceWriter;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.transfer.BlockStore;
import org.ptpmesh.transfer.TransferConfig;
import org.ptpmesh.transfer.TransferEndpoint;
import org.ptpmesh.transfer.TransferNode;
import org.ptpmesh.transfer.TransferReport;
import org.ptpmesh.transfer.file.DirectoryStore;
import org.ptpmesh.transfer.file.FileSource;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * A file sent on real UDP sockets on 127.0.0.1, as {@code ptpmesh send} and {@code receive}
 * run it (a {@link FileSource} behind the sender, a {@link DirectoryStore} behind the receiver,
 * each node on its own {@link UdpRuntime}), both runtimes writing to ONE trace file. The ends log
 * each step before the datagram it sends, so the file's order is causal.
 */
final class LoopbackTransferRun {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final long WAIT_MILLIS = 20_000;

    final List<TransferReport> reports = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();

    /** Sends {@code bytes} of random data from {@code dir}/from to {@code dir}/to, tracing both ends into {@code trace}. */
    void run(Path dir, int bytes, Path trace) throws IOException, InterruptedException {
        byte[] data = new byte[bytes];
        new Random(bytes).nextBytes(data);
        Path file = Files.createDirectories(dir.resolve("from")).resolve("object.bin");
        Files.write(file, data);
        Path into = Files.createDirectories(dir.resolve("to"));
        int port = LocalAddresses.freeUdpPort(LOOPBACK);
        TransferConfig config = TransferConfig.defaults();
        try (NdjsonTraceWriter writer = NdjsonTraceWriter.to(trace); FileSource source = new FileSource(file)) {
            // the runtimes call it from their own threads: one line at a time
            Consumer<TraceEvent> sink = e -> {
                synchronized (writer) {
                    writer.accept(e);
                }
            };
            TransferEndpoint receiving = new TransferEndpoint(config, PeerId.random(new SecureRandom()), "receiver",
                    new DirectoryStore(into, false), TransferEndpoint.Catalog.NONE, reports::add, new SecureRandom());
            TransferEndpoint sending = new TransferEndpoint(config, PeerId.random(new SecureRandom()), "sender",
                    BlockStore.NONE, TransferEndpoint.Catalog.NONE, reports::add, new SecureRandom());
            TransferNode senderNode = new TransferNode(sending, 0);
            TransferEndpoint.Shared object = source.shared(config.blockSize());
            try (UdpRuntime r = runtime(new TransferNode(receiving, port), sink);
                 UdpRuntime s = runtime(senderNode, sink)) {
                r.start();
                s.start();
                s.execute((now, out) -> sending.offer("object.bin", object,
                        senderNode.routeTo(Endpoint.of(new InetSocketAddress(LOOPBACK, port))), now, out));
                long deadline = System.currentTimeMillis() + WAIT_MILLIS;
                while (reports.size() < 2 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
            }
        }
    }

    private UdpRuntime runtime(TransferNode node, Consumer<TraceEvent> sink) throws IOException {
        return new UdpRuntime(node, LOOPBACK, sink, DatagramTap.NONE, errors::add, System::currentTimeMillis);
    }
}
