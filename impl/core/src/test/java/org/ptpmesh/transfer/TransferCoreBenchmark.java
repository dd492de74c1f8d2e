package org.ptpmesh.transfer;

import java.util.ArrayDeque;
import java.util.Random;
import java.util.SplittableRandom;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;

/**
 * The protocol code's own cost per block, without sockets: a sender and a receiver endpoint
 * hand each other their datagrams through a queue in one thread, the receiver storing into
 * memory; trace events are built (and dropped) only with {@code --trace}. Not a test; see
 * docs/performance.md for how to run it.
 */
public final class TransferCoreBenchmark {

    private record Datagram(boolean toReceiver, byte[] data) {
    }

    public static void main(String[] args) {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        byte[] object = new byte[mib << 20];
        new Random(1).nextBytes(object);
        MemorySource source = new MemorySource(object);
        // the SHA-256 and the hash tree are made before the clock starts, as send and serve do
        TransferEndpoint.Shared shared = TransferEndpoint.Shared.of(source, source.sha256(), BlockSizes.DIRECT);
        boolean tracing = args.length > 1 && args[1].equals("--trace");
        for (int run = 1; run <= 3; run++) {
            ArrayDeque<Datagram> wire = new ArrayDeque<>();
            long[] clock = {0};
            MemoryStore store = new MemoryStore();
            TransferReport[] done = new TransferReport[1];
            Endpoint senderAddress = Endpoint.of("127.0.0.1", 1);
            Endpoint receiverAddress = Endpoint.of("127.0.0.1", 2);
            TransferEndpoint sender = new TransferEndpoint(TransferConfig.defaults(), PeerId.random(new SplittableRandom(1)),
                    "sender", BlockStore.NONE, TransferEndpoint.Catalog.NONE, r -> { },
                    new SplittableRandom(2)).recordSteps(tracing);
            TransferEndpoint receiver = new TransferEndpoint(TransferConfig.defaults(), PeerId.random(new SplittableRandom(3)),
                    "receiver", store, TransferEndpoint.Catalog.NONE, r -> done[0] = r, new SplittableRandom(4)).recordSteps(tracing);
            Effects toReceiver = effects(wire, true);
            Effects toSender = effects(wire, false);
            Route.Direct backToSender = new Route.Direct(2, senderAddress);
            Route.Direct backToReceiver = new Route.Direct(1, receiverAddress);
            long start = System.nanoTime();
            sender.offer("bench.bin", shared, backToReceiver, 0, toReceiver);
            Datagram d;
            while (done[0] == null && (d = wire.poll()) != null) {
                clock[0] = (System.nanoTime() - start) / 1_000_000;
                if (d.toReceiver()) {
                    receiver.onMessage(d.data(), backToSender, clock[0], toSender);
                } else {
                    sender.onMessage(d.data(), backToReceiver, clock[0], toReceiver);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long blocks = done[0].blocks();
            System.out.printf((tracing ? "trace events built, " : "") + "run %d: %d blocks in %.3f s: %.0f blocks/s, %.2f us per block (both ends, SHA-256 check included)%n",
                    run, blocks, seconds, blocks / seconds, seconds * 1e6 / blocks);
        }
    }

    /** Effects that queue every datagram for the other end, ignore timers and drop trace events. */
    private static Effects effects(ArrayDeque<Datagram> wire, boolean toReceiver) {
        return new Effects() {
            @Override
            public void send(int localPort, Endpoint to, byte[] payload, int ttl) {
                wire.add(new Datagram(toReceiver, payload));
            }

            @Override
            public void bind(int port) {
            }

            @Override
            public void unbind(int port) {
            }

            @Override
            public void setTimer(TimerKey key, long atMillis) {
            }

            @Override
            public void cancelTimer(TimerKey key) {
            }

            @Override
            public void trace(TraceEvent event) {
            }
        };
    }
}
