package org.ptpmesh.conformance.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.ptpmesh.sim.Host;
import org.ptpmesh.sim.LinkProfile;
import org.ptpmesh.sim.Simulation;
import org.ptpmesh.trace.BulkTransferAction;
import org.ptpmesh.trace.NdjsonTraceWriter;
import org.ptpmesh.transfer.BlockStore;
import org.ptpmesh.transfer.MemorySource;
import org.ptpmesh.transfer.MemoryStore;
import org.ptpmesh.transfer.TransferConfig;
import org.ptpmesh.transfer.TransferEndpoint;
import org.ptpmesh.transfer.TransferNode;
import org.ptpmesh.wire.PeerId;

/**
 * One transfer between two public hosts of the simulator, both links losing the same share of
 * datagrams each way, both ends writing to one trace file: the order of the file is the virtual
 * time's, so causal.
 *
 * <p>Public and reflective ({@link #write}) so a test can run it in a class loader that holds a
 * mutated implementation.
 */
public final class SimulatedTransferScenario {

    /**
     * About 30 blocks of the default size: at 10% loss some are lost and asked for again, and a
     * replay (about three records per block) stays within seconds of TLC.
     */
    public static final int OBJECT_BYTES = 40_000;
    private static final int PORT = 7000;
    private static final long LIMIT_MILLIS = 600_000;

    private SimulatedTransferScenario() {
    }

    /**
     * Runs the transfer with {@code loss} on both links and writes the trace to {@code file};
     * returns how many ends reported the transfer finished (2 when both did within the limit).
     */
    public static int write(Path file, double loss, long seed) throws IOException {
        return run(file, loss, seed, false);
    }

    /**
     * Runs the transfer on a path that drops every datagram from the moment the first block
     * arrives (the receiver's link is cut, both ways): the rest of the window is outstanding, the
     * receiver must give up and the sender forget. Returns how many ends reported the transfer
     * finished.
     */
    public static int writeDyingPath(Path file, long seed) throws IOException {
        return run(file, 0, seed, true);
    }

    private static int run(Path file, double loss, long seed, boolean pathDies) throws IOException {
        Simulation sim = new Simulation(seed);
        LinkProfile link = LinkProfile.ofLatency(10).withJitter(3).withLoss(loss);
        sim.setDefaultUplink(link);
        TransferConfig config = TransferConfig.defaults();
        AtomicInteger finished = new AtomicInteger();
        Host senderHost = sim.internet().addHost("sender");
        Host receiverHost = sim.internet().addHost("receiver");
        TransferNode sender = new TransferNode(new TransferEndpoint(config, PeerId.random(sim.random("ids:sender")), "sender",
                BlockStore.NONE, TransferEndpoint.Catalog.NONE, r -> finished.incrementAndGet(), sim.random("sender")), PORT);
        TransferNode receiver = new TransferNode(new TransferEndpoint(config, PeerId.random(sim.random("ids:receiver")),
                "receiver", new MemoryStore(), TransferEndpoint.Catalog.NONE, r -> finished.incrementAndGet(),
                sim.random("receiver")), PORT);
        byte[] data = new byte[OBJECT_BYTES];
        new Random(seed).nextBytes(data);
        MemorySource source = new MemorySource(data);
        try (NdjsonTraceWriter writer = NdjsonTraceWriter.to(file)) {
            sim.addTraceSink(writer);
            if (pathDies) {
                sim.addTraceSink(e -> {
                    if (e.event().equals(BulkTransferAction.RECEIVE_BLOCK.actionName())) {
                        receiverHost.setLink(link.withLoss(1.0));
                    }
                });
            }
            senderHost.start(sender);
            receiverHost.start(receiver);
            senderHost.invoke(out -> sender.endpoint().offer("object.bin", source, source.sha256(),
                    sender.routeTo(receiverHost.endpoint(PORT)), sim.now(), out));
            sim.runUntil(sim.now() + LIMIT_MILLIS, () -> finished.get() == 2);
        }
        return finished.get();
    }
}
