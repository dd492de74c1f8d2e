package org.ptpmesh.transfer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.noise.DhKeyPair;
import org.ptpmesh.noise.EphemeralKeySource;
import org.ptpmesh.noise.NoiseLimits;
import org.ptpmesh.secure.Identity;
import org.ptpmesh.secure.KeyLog;
import org.ptpmesh.secure.SecureNode;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.Endpoint;

/**
 * The protocol code's own cost per block, without sockets: a sender and a receiver node hand each
 * other their datagrams through a queue in one thread, the receiver storing into memory; trace
 * events are built (and dropped) only with {@code --trace}. Each run (3, or {@code --runs=N})
 * transfers the object plain (blocks of {@link BlockSizes#DIRECT}) and sealed (each end a {@link SecureNode} as {@link
 * SealedTransfers} makes them, blocks of {@link BlockSizes#SEALED}), and counts this thread's CPU
 * time, so other work on the machine changes the result less than it slows the run. Not a test;
 * see docs/performance.md for how to run it.
 */
public final class TransferCoreBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Endpoint SENDER = Endpoint.of("127.0.0.1", 1);
    private static final Endpoint RECEIVER = Endpoint.of("127.0.0.1", 2);

    private record Datagram(boolean toReceiver, byte[] data) {
    }

    /** CPU microseconds per block and per megabyte of one transfer. */
    private record Cost(long blocks, double microsPerBlock, double millisPerMegabyte) {
    }

    public static void main(String[] args) {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        boolean tracing = Arrays.asList(args).contains("--trace");
        int runs = Arrays.stream(args).filter(a -> a.startsWith("--runs=")).mapToInt(a -> Integer.parseInt(a.substring(7)))
                .findFirst().orElse(3);
        byte[] object = new byte[mib << 20];
        new Random(1).nextBytes(object);
        MemorySource source = new MemorySource(object);
        // the SHA-256 and the hash trees are made before the clock starts, as send and serve do
        TransferEndpoint.Shared plainObject = TransferEndpoint.Shared.of(source, source.sha256(), BlockSizes.DIRECT);
        TransferEndpoint.Shared sealedObject = TransferEndpoint.Shared.of(source, source.sha256(), BlockSizes.SEALED);
        for (int run = 1; run <= runs; run++) {
            Cost plain = transfer(plainObject, false, tracing);
            Cost sealed = transfer(sealedObject, true, tracing);
            System.out.printf((tracing ? "trace events built, " : "") + "run %d: plain %d blocks, %.2f CPU us per block, %.2f CPU ms per MB;"
                            + " sealed %d blocks, %.2f CPU us per block, %.2f CPU ms per MB; plain / sealed CPU per MB %.2f"
                            + " (both ends, SHA-256 check included)%n", run, plain.blocks, plain.microsPerBlock, plain.millisPerMegabyte,
                    sealed.blocks, sealed.microsPerBlock, sealed.millisPerMegabyte, plain.millisPerMegabyte / sealed.millisPerMegabyte);
        }
    }

    private static Cost transfer(TransferEndpoint.Shared object, boolean sealed, boolean tracing) {
        ArrayDeque<Datagram> wire = new ArrayDeque<>();
        TransferReport[] done = new TransferReport[1];
        SplittableRandom random = new SplittableRandom(sealed ? 5 : 6);
        EphemeralKeySource keys = () -> bytes(random, NoiseLimits.DH_LENGTH);
        Identity senderIdentity = new Identity(DhKeyPair.fromPrivateKey(keys.nextPrivateKey()));
        Identity receiverIdentity = new Identity(DhKeyPair.fromPrivateKey(keys.nextPrivateKey()));
        TransferConfig sending = sealed ? TransferConfig.defaults().sealed() : TransferConfig.defaults();
        TransferNode senderNode = new TransferNode(new TransferEndpoint(sending, senderIdentity.peerId(), "sender",
                BlockStore.NONE, TransferEndpoint.Catalog.NONE, r -> { }, random.split()).recordSteps(tracing), SENDER.port());
        TransferNode receiverNode = new TransferNode(new TransferEndpoint(TransferConfig.defaults(), receiverIdentity.peerId(),
                "receiver", new MemoryStore(), TransferEndpoint.Catalog.NONE, r -> done[0] = r, random.split()).recordSteps(tracing),
                RECEIVER.port());
        SecureNode secureSender = sealed ? SealedTransfers.sender(senderNode, senderIdentity, RECEIVER,
                receiverIdentity.keys().publicKey(), KeyLog.NONE, keys, random.split()) : null;
        Node sender = sealed ? secureSender : senderNode;
        Node receiver = sealed ? SealedTransfers.receiver(receiverNode, receiverIdentity, KeyLog.NONE, keys, random.split()) : receiverNode;
        Effects toReceiver = effects(wire, true);
        Effects toSender = effects(wire, false);
        long startCpu = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        sender.start(0, toReceiver);
        receiver.start(0, toSender);
        if (sealed) {
            secureSender.callInner(0, toReceiver, inner -> senderNode.endpoint().offer("bench.bin", object,
                    senderNode.routeTo(RECEIVER), 0, inner));
        } else {
            senderNode.endpoint().offer("bench.bin", object, senderNode.routeTo(RECEIVER), 0, toReceiver);
        }
        Datagram d;
        while (done[0] == null && (d = wire.poll()) != null) {
            long now = (System.nanoTime() - start) / 1_000_000;
            if (d.toReceiver()) {
                receiver.onDatagram(RECEIVER.port(), SENDER, d.data(), now, toSender);
            } else {
                sender.onDatagram(SENDER.port(), RECEIVER, d.data(), now, toReceiver);
            }
        }
        double cpuMicros = (THREADS.getCurrentThreadCpuTime() - startCpu) / 1e3;
        if (done[0] == null || done[0].outcome() != TransferReport.Outcome.COMPLETE) {
            throw new IllegalStateException((sealed ? "sealed" : "plain") + " transfer did not complete: " + done[0]);
        }
        long blocks = done[0].blocks();
        return new Cost(blocks, cpuMicros / blocks, cpuMicros / 1e3 / (done[0].size() / 1e6));
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
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
