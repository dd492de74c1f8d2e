package org.ptpmesh.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.net.LocalAddresses;
import org.ptpmesh.net.UdpRuntime;
import org.ptpmesh.transfer.TransferReport.Outcome;
import org.ptpmesh.transfer.file.DirectoryCatalog;
import org.ptpmesh.transfer.file.DirectoryStore;
import org.ptpmesh.transfer.file.FileSource;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.DecodeResult;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.PeerId;
import org.ptpmesh.wire.TlvTypes;

/**
 * The attacks on bulk transfer, on real sockets on 127.0.0.1: a stranger's socket sends what it
 * likes to a receiving and a serving end while honest transfers run. The figures measured
 * (threads, CPU, bytes) are printed, for docs/security.md.
 */
class TransferAttacksOnLoopbackTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final byte[] STRANGER_ID = {6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6};

    @TempDir
    Path dir;

    private final List<TransferReport> senderReports = new CopyOnWriteArrayList<>();
    private final List<TransferReport> receiverReports = new CopyOnWriteArrayList<>();
    private final TransferCodec stranger = new TransferCodec(STRANGER_ID);

    private Path file(String name, int size) throws IOException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        Path file = Files.createDirectories(dir.resolve("from")).resolve(name);
        Files.write(file, data);
        return file;
    }

    /** A receiving end on {@code port}, strict: an exception for any datagram stops it and fails the test. */
    private TransferEndpoint receivingEndpoint(Path into) {
        return new TransferEndpoint(TransferConfig.defaults(), PeerId.random(new SecureRandom()), "receiver",
                new DirectoryStore(into, false), TransferEndpoint.Catalog.NONE, receiverReports::add, new SecureRandom())
                .recordSteps(false);
    }

    private static UdpRuntime run(TransferNode node) throws IOException {
        UdpRuntime runtime = UdpRuntime.of(node, LOOPBACK).strict(true);
        runtime.start();
        return runtime;
    }

    /** Sends {@code file} to {@code to}; returns the transfer id through {@code xfer}. */
    private UdpRuntime send(Path file, FileSource source, InetSocketAddress to, AtomicLong xfer, PeerId id) throws IOException {
        TransferEndpoint endpoint = new TransferEndpoint(TransferConfig.defaults(), id, "sender", BlockStore.NONE,
                TransferEndpoint.Catalog.NONE, senderReports::add, new SecureRandom()).recordSteps(false);
        TransferNode node = new TransferNode(endpoint, 0);
        UdpRuntime runtime = run(node);
        TransferEndpoint.Shared object = source.shared(BlockSizes.DIRECT);
        runtime.execute((now, out) -> xfer.set(endpoint.offer(file.getFileName().toString(), object, node.routeTo(Endpoint.of(to)),
                now, out)));
        return runtime;
    }

    private static void await(List<TransferReport> reports, int count, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (reports.size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }

    private static byte[] overflowOffer(long xfer) {
        return Codec.encode(Message.of(MessageKind.OFFER, STRANGER_ID).uint(TlvTypes.XFERID, xfer)
                .text(TlvTypes.OBJNAME, "huge.bin").uint(TlvTypes.OBJSIZE, Long.MAX_VALUE, 8).uint(TlvTypes.BLOCKSIZE, 1352)
                .bytes(TlvTypes.SHA256, new byte[32]).uint(TlvTypes.XFERMODE, 0).bytes(TlvTypes.HASHROOT, new byte[32])
                .bytes(TlvTypes.XFERCOOKIE, new byte[16]).build());
    }

    /**
     * The OFFER of 2^63-1 bytes in 1352-byte blocks (its block count overflowed, and a receiver
     * died of it), and junk, against a receiver in the middle of an honest transfer: the
     * receiver (strict: any exception would stop it) goes on and the file arrives intact.
     */
    @Test
    void anOverflowingOfferAndJunkDuringATransferChangeNothing() throws Exception {
        Path file = file("honest.bin", 8_000_000);
        Path into = Files.createDirectories(dir.resolve("to"));
        int port = LocalAddresses.freeUdpPort(LOOPBACK);
        TransferEndpoint receiver = receivingEndpoint(into);
        try (UdpRuntime r = run(new TransferNode(receiver, port)); FileSource source = new FileSource(file);
             UdpRuntime s = send(file, source, new InetSocketAddress(LOOPBACK, port), new AtomicLong(), PeerId.random(new SecureRandom()));
             DatagramSocket attacker = new DatagramSocket(0, LOOPBACK)) {
            InetSocketAddress target = new InetSocketAddress(LOOPBACK, port);
            Random junk = new Random(1);
            for (int i = 0; i < 200; i++) {
                byte[] offer = overflowOffer(i);
                attacker.send(new DatagramPacket(offer, offer.length, target));
                byte[] noise = new byte[1 + junk.nextInt(1400)];
                junk.nextBytes(noise);
                attacker.send(new DatagramPacket(noise, noise.length, target));
            }
            await(receiverReports, 1, 30_000);
        }
        assertThat(receiverReports).extracting(TransferReport::outcome).containsExactly(Outcome.COMPLETE);
        assertThat(Files.readAllBytes(into.resolve("honest.bin"))).isEqualTo(Files.readAllBytes(file));
        assertThat(receiver.drops().get("too_many_blocks")).isEqualTo(200);
    }

    /** BLOCKs with the sender's peer id and the transfer id, of garbage, from another port: ignored. */
    @Test
    void forgedBlocksFromAnotherPortAreIgnoredAndTheFileArrivesIntact() throws Exception {
        Path file = file("target.bin", 6_000_000);
        Path into = Files.createDirectories(dir.resolve("to"));
        int port = LocalAddresses.freeUdpPort(LOOPBACK);
        TransferEndpoint receiver = receivingEndpoint(into);
        PeerId senderId = PeerId.random(new SecureRandom());
        AtomicLong xfer = new AtomicLong(-1);
        try (UdpRuntime r = run(new TransferNode(receiver, port)); FileSource source = new FileSource(file);
             UdpRuntime s = send(file, source, new InetSocketAddress(LOOPBACK, port), xfer, senderId);
             DatagramSocket forger = new DatagramSocket(0, LOOPBACK)) {
            TransferCodec asSender = new TransferCodec(senderId.bytes());
            while (xfer.get() < 0) {
                Thread.sleep(1);
            }
            byte[] garbage = new byte[BlockSizes.DIRECT];
            int forged = 0;
            while (receiverReports.isEmpty() && forged < 200_000) {
                byte[] block = asSender.block(xfer.get(), forged % 4437, garbage, garbage.length);
                forger.send(new DatagramPacket(block, block.length, new InetSocketAddress(LOOPBACK, port)));
                forged++;
            }
            await(receiverReports, 1, 30_000);
        }
        assertThat(receiverReports).extracting(TransferReport::outcome).containsExactly(Outcome.COMPLETE);
        assertThat(Files.readAllBytes(into.resolve("target.bin"))).isEqualTo(Files.readAllBytes(file));
        assertThat(receiver.drops().get("block_off_route")).isPositive();
        assertThat(receiver.drops().get("block_corrupt")).isZero();
    }

    /** Blocks damaged on the way (the checksum made right again): asked for again on arrival, and the file is whole. */
    @Test
    void corruptedBlocksAreAskedForAgainAndTheFileArrivesIntact() throws Exception {
        Path file = file("damaged.bin", 3_000_000);
        Path into = Files.createDirectories(dir.resolve("to"));
        int port = LocalAddresses.freeUdpPort(LOOPBACK);
        TransferEndpoint receiver = receivingEndpoint(into);
        try (UdpRuntime r = run(new TransferNode(receiver, port)); FileSource source = new FileSource(file);
             LossyUdpProxy proxy = new LossyUdpProxy(new InetSocketAddress(LOOPBACK, port), 0, 0, 0, 1)) {
            proxy.corruptBlocks(5);
            try (UdpRuntime s = send(file, source, proxy.address(), new AtomicLong(), PeerId.random(new SecureRandom()))) {
                await(receiverReports, 1, 30_000);
            }
            assertThat(proxy.corrupted()).hasSize(5);
        }
        assertThat(receiverReports).extracting(TransferReport::outcome).containsExactly(Outcome.COMPLETE);
        assertThat(receiverReports.get(0).retransmittedBlocks()).isGreaterThanOrEqualTo(5);
        assertThat(receiver.drops().get("block_corrupt")).isEqualTo(5);
        assertThat(Files.readAllBytes(into.resolve("damaged.bin"))).isEqualTo(Files.readAllBytes(file));
    }

    /**
     * A thousand OFFERs (from one port, with no cookie: each gets a RETRY), then a thousand more
     * whose cookies the stranger echoes, from one address: the receiver keeps at most its
     * receptions, makes no thread per offer and spends little CPU while they sit idle, and the
     * honest transfer under way completes.
     */
    @Test
    void aThousandOffersCostBoundedThreadsAndCpuAndTheHonestTransferCompletes() throws Exception {
        Path file = file("honest.bin", 30_000_000);
        Path into = Files.createDirectories(dir.resolve("to"));
        int port = LocalAddresses.freeUdpPort(LOOPBACK);
        TransferEndpoint receiver = receivingEndpoint(into);
        var threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int threadsBefore = threads.getThreadCount();
        long bytesIn = 0;
        long bytesOut = 0;
        try (UdpRuntime r = run(new TransferNode(receiver, port)); FileSource source = new FileSource(file);
             DatagramSocket attacker = new DatagramSocket(0, LOOPBACK)) {
            attacker.setSoTimeout(2);
            InetSocketAddress target = new InetSocketAddress(LOOPBACK, port);
            try (UdpRuntime s = send(file, source, target, new AtomicLong(), PeerId.random(new SecureRandom()))) {
                while (!Files.exists(into.resolve(".honest.bin.part"))) {
                    Thread.sleep(1);
                }
                for (int i = 0; i < 1000; i++) {
                    Offer junk = new Offer(i, "junk" + i, 50_000_000, 1352, new byte[32], new byte[32], Offer.Mode.PUSHED);
                    byte[] bare = stranger.offer(junk, TransferCodec.NO_COOKIE);
                    attacker.send(new DatagramPacket(bare, bare.length, target));
                    bytesIn += bare.length;
                }
                drain(attacker, 1000);
                bytesOut += lastDrained;
                int validated = 0;
                for (int i = 1000; i < 2000; i++) {
                    Offer junk = new Offer(i, "junk" + i, 50_000_000, 1352, new byte[32], new byte[32], Offer.Mode.PUSHED);
                    byte[] bare = stranger.offer(junk, TransferCodec.NO_COOKIE);
                    attacker.send(new DatagramPacket(bare, bare.length, target));
                    byte[] cookie = cookieIn(attacker);
                    if (cookie != null) {
                        byte[] again = stranger.offer(junk, cookie);
                        attacker.send(new DatagramPacket(again, again.length, target));
                        validated++;
                    }
                }
                assertThat(validated).isGreaterThan(900);
                await(receiverReports, 1, 30_000);
                assertThat(receiverReports).filteredOn(t -> t.name().equals("honest.bin")).extracting(TransferReport::outcome)
                        .containsExactly(Outcome.COMPLETE);
            }
            // a second for the JIT and the collector to settle after the transfer, then three idle ones measured
            Thread.sleep(1_000);
            Map<Long, Long> threadCpu = threadCpu();
            long cpuBefore = os.getProcessCpuTime();
            long wallBefore = System.nanoTime();
            int threadsDuring = threads.getThreadCount();
            Thread.sleep(3_000);
            printBusiestThreads(threadCpu);
            double cpuSeconds = (os.getProcessCpuTime() - cpuBefore) / 1e9;
            double wallSeconds = (System.nanoTime() - wallBefore) / 1e9;
            System.out.printf("1,000 unvalidated OFFERs (%d bytes in, %d bytes of RETRY out) and 1,000 validated ones from one"
                            + " address: %d receptions kept (limit %d per address), threads %d before and %d after,"
                            + " %.2f CPU-s in %.1f s idle after%n", bytesIn, bytesOut, receiver.receptions(),
                    TransferDefaults.MAX_RECEPTIONS_PER_PEER, threadsBefore, threadsDuring, cpuSeconds, wallSeconds);
            assertThat(receiver.receptions()).isLessThanOrEqualTo(TransferDefaults.MAX_RECEPTIONS_PER_PEER);
            assertThat(threadsDuring - threadsBefore).as("threads added: the runtime's, the hashing pool's, no thread per offer")
                    .isLessThan(10);
            assertThat(cpuSeconds / wallSeconds).as("CPU share while the strangers' offers sit idle").isLessThan(0.2);
            assertThat(bytesOut).isLessThanOrEqualTo(bytesIn);
        }
        assertThat(Files.readAllBytes(into.resolve("honest.bin"))).isEqualTo(Files.readAllBytes(file));
    }

    private long lastDrained;
    private int offersSeen;

    private static Map<Long, Long> threadCpu() {
        var mx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new LinkedHashMap<>();
        for (long id : mx.getAllThreadIds()) {
            cpu.put(id, mx.getThreadCpuTime(id));
        }
        return cpu;
    }

    /** The threads that used CPU since {@code before}, for the record (a polling thread would show here). */
    private static void printBusiestThreads(Map<Long, Long> before) {
        var mx = ManagementFactory.getThreadMXBean();
        for (Map.Entry<Long, Long> e : threadCpu().entrySet()) {
            long used = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            var info = mx.getThreadInfo(e.getKey());
            if (used > 10_000_000 && info != null) {
                System.out.printf("  thread %s: %.3f CPU-s%n", info.getThreadName(), used / 1e9);
            }
        }
    }

    /** Reads what comes back for up to {@code millis}; by kind. Sets {@link #lastDrained} to the bytes read. */
    private Map<MessageKind, List<byte[]>> drain(DatagramSocket socket, long millis) throws IOException {
        Map<MessageKind, List<byte[]>> got = new LinkedHashMap<>();
        long deadline = System.currentTimeMillis() + millis;
        byte[] buf = new byte[2048];
        lastDrained = 0;
        while (System.currentTimeMillis() < deadline) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException quiet) {
                continue;
            }
            lastDrained += p.getLength();
            byte[] copy = java.util.Arrays.copyOf(p.getData(), p.getLength());
            MessageKind kind = Codec.decode(copy) instanceof DecodeResult.Decoded d ? d.message().kind() : null;
            got.computeIfAbsent(kind, k -> new ArrayList<>()).add(copy);
        }
        return got;
    }

    /** The cookie of the next RETRY that comes back within a second, or null; OFFERs read meanwhile are counted. */
    private byte[] cookieIn(DatagramSocket socket) throws IOException {
        long deadline = System.currentTimeMillis() + 1000;
        byte[] buf = new byte[2048];
        while (System.currentTimeMillis() < deadline) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException quiet) {
                continue;
            }
            if (Codec.decode(java.util.Arrays.copyOf(p.getData(), p.getLength())) instanceof DecodeResult.Decoded d) {
                if (d.message().kind() == MessageKind.RETRY) {
                    return d.message().bytes(TlvTypes.XFERCOOKIE).orElseThrow();
                }
                offersSeen += d.message().kind() == MessageKind.OFFER ? 1 : 0;
            }
        }
        return null;
    }

    /**
     * Bytes out per byte in, for every transfer message kind from a source that never validated
     * its address, against a receiving and a serving end: at most 1 (docs/protocol.md lists them).
     */
    @Test
    void anUnvalidatedSourceNeverGetsMoreBytesThanItSent() throws Exception {
        Path served = Files.createDirectories(dir.resolve("served"));
        Files.write(served.resolve("x.bin"), new byte[2_000_000]);
        Path into = Files.createDirectories(dir.resolve("to"));
        int receivePort = LocalAddresses.freeUdpPort(LOOPBACK);
        int servePort = LocalAddresses.freeUdpPort(LOOPBACK);
        Map<String, long[]> ratios = new LinkedHashMap<>();
        try (DirectoryCatalog catalog = DirectoryCatalog.open(served, new DirectoryCatalog.Listener() { });
             UdpRuntime r = run(new TransferNode(receivingEndpoint(into), receivePort));
             UdpRuntime s = run(new TransferNode(new TransferEndpoint(TransferConfig.defaults(), PeerId.random(new SecureRandom()),
                     "server", BlockStore.NONE, catalog, TransferListener.NONE, new SecureRandom()), servePort));
             DatagramSocket attacker = new DatagramSocket(0, LOOPBACK)) {
            attacker.setSoTimeout(5);
            Map<String, byte[]> kinds = new LinkedHashMap<>();
            kinds.put("OFFER", stranger.offer(new Offer(1, "x.bin", 2_000_000, 1352, new byte[32], new byte[32], Offer.Mode.PUSHED),
                    TransferCodec.NO_COOKIE));
            kinds.put("OFFER (fetched)", stranger.offer(new Offer(2, "x.bin", 2_000_000, 1352, new byte[32], new byte[32],
                    Offer.Mode.FETCHED), TransferCodec.NO_COOKIE));
            kinds.put("FETCH", stranger.fetch(3, "x.bin", TransferCodec.NO_COOKIE));
            kinds.put("FETCH (1-byte name)", stranger.fetch(4, "x", TransferCodec.NO_COOKIE));
            kinds.put("FETCH (forged cookie)", stranger.fetch(5, "x.bin", new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
                    15, 16}));
            kinds.put("REQUEST", stranger.request(6, new int[] {0, 1, 2, 3}, 4));
            kinds.put("REQUEST (1-byte widths)", Codec.encode(Message.of(MessageKind.REQUEST, STRANGER_ID).uint(TlvTypes.XFERID, 6, 1)
                    .uint(TlvTypes.BLOCKNUM, 0, 1).build()));
            kinds.put("BLOCK", stranger.block(7, 0, new byte[1352], 1352));
            kinds.put("HASHES", stranger.hashes(8, HashTree.node(1, 0), new byte[1024], 1024));
            kinds.put("DONE", stranger.done(9, Status.COMPLETE));
            kinds.put("CANCEL", stranger.cancel(10, org.ptpmesh.wire.ErrorCode.GAVE_UP));
            kinds.put("RETRY", stranger.retry(11, new byte[16]));
            for (Map.Entry<String, byte[]> e : kinds.entrySet()) {
                long in = 0;
                long out = 0;
                for (int port : new int[] {receivePort, servePort}) {
                    for (int i = 0; i < 10; i++) {
                        attacker.send(new DatagramPacket(e.getValue(), e.getValue().length, new InetSocketAddress(LOOPBACK, port)));
                        in += e.getValue().length;
                    }
                    drain(attacker, 300);
                    out += lastDrained;
                }
                ratios.put(e.getKey(), new long[] {in, out});
            }
        }
        StringBuilder table = new StringBuilder("bytes out per byte in, unvalidated source (receive and serve ends):\n");
        ratios.forEach((kind, io) -> table.append(String.format("  %-24s %6d in %6d out  %.2f%n", kind, io[0], io[1],
                (double) io[1] / io[0])));
        System.out.print(table);
        assertThat(ratios.values()).allSatisfy(io -> assertThat(io[1]).isLessThanOrEqualTo(io[0]));
    }

    /**
     * A thousand FETCHes, cookies echoed, of a 200 MB file from a serving end whose limit lets
     * them all in: what each serving keeps is small and does not grow with the file.
     */
    @Test
    void aThousandFetchesOfALargeFileCostLittleMemoryEach() throws Exception {
        Path served = Files.createDirectories(dir.resolve("served"));
        try (var f = new java.io.RandomAccessFile(served.resolve("large.iso").toFile(), "rw")) {
            f.setLength(200_000_000L);
        }
        int port = LocalAddresses.freeUdpPort(LOOPBACK);
        TransferConfig config = TransferConfig.defaults().withLimits(TransferLimits.defaults().withServings(1000, 1000));
        long heapBefore;
        long heapAfter;
        try (DirectoryCatalog catalog = DirectoryCatalog.open(served, new DirectoryCatalog.Listener() { })) {
            TransferEndpoint server = new TransferEndpoint(config, PeerId.random(new SecureRandom()), "server", BlockStore.NONE,
                    catalog, TransferListener.NONE, new SecureRandom()).recordSteps(false);
            try (UdpRuntime s = run(new TransferNode(server, port)); DatagramSocket fetcher = new DatagramSocket(0, LOOPBACK)) {
                fetcher.setSoTimeout(2);
                InetSocketAddress target = new InetSocketAddress(LOOPBACK, port);
                heapBefore = retainedHeap();
                for (int i = 0; i < 1000; i++) {
                    byte[] bare = stranger.fetch(i, "large.iso", TransferCodec.NO_COOKIE);
                    byte[] cookie = null;
                    for (int attempt = 0; attempt < 3 && cookie == null; attempt++) {
                        // a loaded machine may lose a datagram on loopback: ask again, as a fetcher does
                        fetcher.send(new DatagramPacket(bare, bare.length, target));
                        cookie = cookieIn(fetcher);
                    }
                    if (cookie == null) {
                        continue;
                    }
                    byte[] again = stranger.fetch(i, "large.iso", cookie);
                    fetcher.send(new DatagramPacket(again, again.length, target));
                }
                int offers = offersSeen + drain(fetcher, 500).getOrDefault(MessageKind.OFFER, List.of()).size();
                heapAfter = retainedHeap();
                System.out.printf("1,000 FETCHes of a 200 MB file: %d OFFERs, %d bytes of heap kept per serving%n", offers,
                        (heapAfter - heapBefore) / 1000);
                assertThat(offers).isGreaterThan(900);
            }
        }
        assertThat((heapAfter - heapBefore) / 1000).as("heap kept per serving (a bitmap of the file's blocks: 18,500)")
                .isLessThan(4_000);
    }

    private static long retainedHeap() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
