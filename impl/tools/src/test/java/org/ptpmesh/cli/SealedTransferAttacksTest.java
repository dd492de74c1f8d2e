package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.identity.IdentityFile;
import org.ptpmesh.identity.NodeSecurity;
import org.ptpmesh.identity.PublicKeys;
import org.ptpmesh.net.LocalAddresses;
import org.ptpmesh.net.UdpRuntime;
import org.ptpmesh.node.DecodedDatagram;
import org.ptpmesh.noise.DhKeyPair;
import org.ptpmesh.noise.NoiseLimits;
import org.ptpmesh.secure.Identity;
import org.ptpmesh.secure.IntroducerTrust;
import org.ptpmesh.secure.KeyLog;
import org.ptpmesh.transfer.BlockStore;
import org.ptpmesh.transfer.TransferConfig;
import org.ptpmesh.transfer.TransferEndpoint;
import org.ptpmesh.transfer.TransferListener;
import org.ptpmesh.transfer.TransferNode;
import org.ptpmesh.transfer.TransferReport;
import org.ptpmesh.transfer.file.DirectoryStore;
import org.ptpmesh.transfer.file.FileSource;
import org.ptpmesh.wire.Checksum;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.DatagramView;
import org.ptpmesh.wire.ErrorCode;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.TlvTypes;

/**
 * Attacks on sealed transfers, on real sockets on 127.0.0.1 (docs/transfer.md, "Sealed
 * transfers"): a stranger's forged datagrams, and a forwarder on the path that alters, replays
 * and adds. Each test prints what it measured.
 */
class SealedTransferAttacksTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private Path file(int size, long seed) throws Exception {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        Path f = Files.createDirectories(dir.resolve("from")).resolve("object.bin");
        Files.write(f, data);
        return f;
    }

    private static NodeSecurity keys(Path file) {
        SecureRandom random = new SecureRandom();
        byte[] secret = new byte[NoiseLimits.DH_LENGTH];
        random.nextBytes(secret);
        return new NodeSecurity(file, new Identity(DhKeyPair.fromPrivateKey(secret)), IntroducerTrust.FIRST_USE_ONLY, KeyLog.NONE);
    }

    /** What an attacker does every 2 ms of a sealed transfer, once it knows the transfer id and saw a sealed datagram. */
    private interface Attack {
        void strike(long xferId, byte[] senderId, byte[] sealedSeen, UdpForwarder path) throws Exception;
    }

    /** A sealed transfer's receiving end once the transfer ended. */
    private record Received(KeyedTransfer receiver, TransferEndpoint endpoint, TransferReport report, Path into) {
    }

    /**
     * Sends {@code f} sealed, in process, from a sender to a receiver on real sockets, through a
     * forwarder that only looks (what it saw is what the attack copies), while {@code attack}
     * strikes; returns the receiving end once its transfer ended.
     */
    private Received sealedTransferUnder(Path f, boolean receiverTakesPlain, Attack attack) throws Exception {
        Path into = Files.createDirectories(dir.resolve("in"));
        int port = LocalAddresses.freeUdpPort(LOOPBACK);
        NodeSecurity receiverKeys = keys(dir.resolve("receiver-identity"));
        NodeSecurity senderKeys = keys(dir.resolve("sender-identity"));
        AtomicLong xferId = new AtomicLong(-1);
        List<TransferReport> received = new CopyOnWriteArrayList<>();
        SecureRandom random = new SecureRandom();
        TransferEndpoint receiverEndpoint = new TransferEndpoint(TransferConfig.defaults(), receiverKeys.identity().peerId(),
                "receiver", new DirectoryStore(into, false), TransferEndpoint.Catalog.NONE, new TransferListener() {
                    @Override
                    public void progress(long id, String name, long done, long size, long now) {
                        xferId.set(id);
                    }

                    @Override
                    public void finished(TransferReport report) {
                        received.add(report);
                    }
                }, random);
        KeyedTransfer receiver = KeyedTransfer.responder(receiverKeys, new TransferNode(receiverEndpoint, port), receiverTakesPlain,
                note -> { });
        AtomicReference<byte[]> lastSealed = new AtomicReference<>();
        try (UdpRuntime r = UdpRuntime.of(receiver.node(), LOOPBACK);
             UdpForwarder path = new UdpForwarder(new InetSocketAddress(LOOPBACK, port), d -> {
                 if (isSealed(d)) {
                     lastSealed.set(d);
                 }
                 return List.of(d);
             });
             FileSource source = new FileSource(f)) {
            r.start();
            TransferConfig config = TransferConfig.defaults().sealed();
            TransferEndpoint senderEndpoint = new TransferEndpoint(config, senderKeys.identity().peerId(), "sender", BlockStore.NONE,
                    TransferEndpoint.Catalog.NONE, TransferListener.NONE, random);
            TransferNode senderNode = new TransferNode(senderEndpoint, 0);
            IntroducerAddress to = new IntroducerAddress(new InetSocketAddress(LOOPBACK, path.port()),
                    receiverKeys.identity().keys().publicKey());
            KeyedTransfer sender = KeyedTransfer.initiator(senderKeys, senderNode, to, "receiver");
            TransferEndpoint.Shared object = source.shared(config.blockSize());
            try (UdpRuntime s = UdpRuntime.of(sender.node(), LOOPBACK)) {
                s.start();
                s.execute(sender.inside((now, out) -> senderEndpoint.offer("object.bin", object, senderNode.routeTo(to.endpoint()),
                        now, out)));
                long deadline = System.currentTimeMillis() + 60_000;
                while (received.isEmpty() && System.currentTimeMillis() < deadline) {
                    byte[] sealed = lastSealed.get();
                    if (xferId.get() >= 0 && sealed != null) {
                        attack.strike(xferId.get(), senderKeys.identity().peerId().bytes(), sealed, path);
                    }
                    Thread.sleep(2);
                }
            }
        }
        assertThat(received).as("the receiver's report").hasSize(1);
        return new Received(receiver, receiverEndpoint, received.get(0), into);
    }

    /**
     * A third socket sends the receiver, during a sealed transfer, plain BLOCKs of the right
     * transfer id with garbage data, and SEALED datagrams with the right UUID and PEERSESSION (read
     * off the path, the best a blind attacker can guess) and garbage sealed bytes: the file
     * completes and verifies, and every forgery that arrived is counted as a drop.
     */
    @Test
    void blindlyInjectedBlocksAndSealedDatagramsAreDroppedAndTheFileVerifies() throws Exception {
        Path f = file(4 << 20, 1);
        AtomicInteger plainSent = new AtomicInteger();
        AtomicInteger sealedSent = new AtomicInteger();
        byte[] garbage = new byte[1280];
        Random random = new Random(1);
        Received r;
        try (DatagramSocket forger = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            r = sealedTransferUnder(f, false, (xferId, senderId, sealed, path) -> {
                random.nextBytes(garbage);
                InetSocketAddress receiver = path.target();
                send(forger, plainBlock(senderId, xferId, plainSent.getAndIncrement() % 100, garbage), receiver);
                send(forger, forgedSealed(sealed, 1L << 40, garbage), receiver);
                sealedSent.incrementAndGet();
            });
        }
        Map<String, Long> drops = r.receiver().drops();
        System.out.printf("blind injection: %d plain BLOCKs and %d forged SEALED sent during the transfer; receiver dropped %s%n",
                plainSent.get(), sealedSent.get(), drops);
        assertThat(r.report().outcome()).isEqualTo(TransferReport.Outcome.COMPLETE);
        assertThat(Files.readAllBytes(r.into().resolve("object.bin"))).isEqualTo(Files.readAllBytes(f));
        assertThat(plainSent.get()).as("forgeries sent while the transfer ran").isGreaterThan(50);
        assertThat(drops.getOrDefault("not_sealed", 0L)).as("plain BLOCKs dropped, of %d sent", plainSent.get())
                .isPositive().isLessThanOrEqualTo(plainSent.get());
        assertThat(drops.getOrDefault("not_session_route", 0L)).as("forged SEALED dropped, of %d sent", sealedSent.get())
                .isPositive().isLessThanOrEqualTo(sealedSent.get());
        assertThat(r.endpoint().drops().get("block_corrupt") + r.endpoint().drops().get("block_off_route"))
                .as("no forged block reached the transfer").isZero();
    }

    /**
     * A receiver that takes plain transfers too (--legacy) still takes nothing plain from the
     * route of a sealed session: a plain CANCEL of the sealed transfer, and plain BLOCKs, sent
     * from the very address the sender's sealed datagrams come from, are dropped, and the
     * transfer completes.
     */
    @Test
    void aLegacyReceiverTakesNothingPlainFromASealedSessionsRoute() throws Exception {
        Path f = file(2 << 20, 3);
        AtomicInteger sent = new AtomicInteger();
        byte[] garbage = new byte[1280];
        Received r = sealedTransferUnder(f, true, (xferId, senderId, sealed, path) -> {
            path.inject(Codec.encode(Message.of(MessageKind.CANCEL, senderId).uint(TlvTypes.XFERID, xferId, 4)
                    .uint(TlvTypes.ERRCODE, ErrorCode.GAVE_UP.code(), 2).build()));
            path.inject(plainBlock(senderId, xferId, sent.getAndIncrement() % 100, garbage));
        });
        Map<String, Long> drops = r.receiver().drops();
        System.out.printf("plain from a sealed route: %d plain CANCELs and %d plain BLOCKs sent; receiver dropped %s%n",
                sent.get(), sent.get(), drops);
        assertThat(r.report().outcome()).as("the plain CANCELs cancelled nothing").isEqualTo(TransferReport.Outcome.COMPLETE);
        assertThat(Files.readAllBytes(r.into().resolve("object.bin"))).isEqualTo(Files.readAllBytes(f));
        assertThat(drops.getOrDefault("plain_on_sealed_route", 0L)).as("of %d sent", 2 * sent.get())
                .isPositive().isLessThanOrEqualTo(2L * sent.get());
    }

    /**
     * {@code ptpmesh send --to FORWARDER@KEY} through a forwarder to {@code ptpmesh receive}: the
     * forwarder withholds some sealed datagrams and passes them on with a byte flipped (checksum
     * fixed), replays earlier ones, and adds sealed datagrams of its own with the session's header.
     * The file completes and verifies byte for byte; the receiver counts the altered and added
     * ones as seal_open_failed and the replays as replayed, and says so on stderr.
     */
    @Test
    void anOnPathForwarderThatAltersReplaysAndInjectsGetsNothingIn() throws Exception {
        Path f = file(3 << 20, 2);
        Path into = Files.createDirectories(dir.resolve("in"));
        int port = LocalAddresses.freeUdpPort(LOOPBACK);
        Path receiverIdentity = dir.resolve("receiver-identity");
        String key = PublicKeys.format(IdentityFile.loadOrCreate(receiverIdentity, new SecureRandom()).keys().publicKey());
        OnPath attacker = new OnPath();
        StringWriter receiverOut = new StringWriter();
        StringWriter receiverErr = new StringWriter();
        StringWriter senderOut = new StringWriter();
        StringWriter senderErr = new StringWriter();
        try (UdpForwarder forwarder = new UdpForwarder(new InetSocketAddress(LOOPBACK, port), attacker)) {
            Future<Integer> receiver = pool.submit(() -> run(new ReceiveCommand(), receiverOut, receiverErr, "--dir", into.toString(),
                    "--port", String.valueOf(port), "--bind", "127.0.0.1", "--json", "--identity", receiverIdentity.toString()));
            Thread.sleep(300);
            int status = run(new SendCommand(), senderOut, senderErr, f.toString(), "--to", "127.0.0.1:" + forwarder.port() + "@" + key,
                    "--json", "--idle-timeout", "20s", "--identity", dir.resolve("sender-identity").toString());
            assertThat(status).as("send; stderr: %s", senderErr).isZero();
            assertThat(receiver.get(30, TimeUnit.SECONDS)).as("receive; stderr: %s", receiverErr).isZero();
        }
        Map<String, Long> drops = dropsNoted(receiverErr.toString());
        System.out.printf("on-path: %d sealed datagrams seen, %d altered, %d replayed, %d injected; receiver dropped %s%n",
                attacker.sealedSeen, attacker.altered.get(), attacker.replayed.get(), attacker.injected.get(), drops);
        assertThat(Files.readAllBytes(into.resolve("object.bin"))).isEqualTo(Files.readAllBytes(f));
        assertThat(attacker.altered.get()).isPositive();
        assertThat(drops.getOrDefault("seal_open_failed", 0L)).as("altered and injected, of %d", attacker.altered.get()
                + attacker.injected.get()).isPositive().isLessThanOrEqualTo(attacker.altered.get() + attacker.injected.get());
        assertThat(drops.getOrDefault("replayed", 0L)).as("replays, of %d", attacker.replayed.get())
                .isPositive().isLessThanOrEqualTo(attacker.replayed.get());
    }

    /** The forwarder's tampering with what the sender sends; the receiver's answers go back as they came. */
    private static final class OnPath implements Function<byte[], List<byte[]>> {
        private final byte[][] recent = new byte[64][];
        private final Random random = new Random(3);
        private int sealedSeen;
        final AtomicInteger altered = new AtomicInteger();
        final AtomicInteger replayed = new AtomicInteger();
        final AtomicInteger injected = new AtomicInteger();

        @Override
        public List<byte[]> apply(byte[] d) {
            if (!isSealed(d)) {
                return List.of(d);
            }
            int n = ++sealedSeen;
            if (n % 41 == 0) {
                altered.incrementAndGet();
                return List.of(flipped(d));
            }
            List<byte[]> out = new ArrayList<>(List.of(d));
            if (n % 37 == 0 && recent[(n - 30) % recent.length] != null) {
                replayed.incrementAndGet();
                out.add(recent[(n - 30) % recent.length]);
            }
            if (n % 53 == 0) {
                injected.incrementAndGet();
                byte[] junk = new byte[300];
                random.nextBytes(junk);
                out.add(forgedSealed(d, counterOf(d) + 100_000, junk));
            }
            recent[n % recent.length] = d;
            return out;
        }
    }

    private static int run(Object command, StringWriter out, StringWriter err, String... args) {
        return Cli.commandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    /** The counts of a command's closing {@code note: dropped N datagrams: reason n, ...} line. */
    static Map<String, Long> dropsNoted(String err) {
        Map<String, Long> drops = new HashMap<>();
        Matcher line = Pattern.compile("note: dropped \\d+ datagrams?: (.*)").matcher(err);
        if (line.find()) {
            Matcher each = Pattern.compile("(\\w+) (\\d+)").matcher(line.group(1));
            while (each.find()) {
                drops.put(each.group(1), Long.parseLong(each.group(2)));
            }
        }
        return drops;
    }

    private static void send(DatagramSocket socket, byte[] d, InetSocketAddress to) throws Exception {
        socket.send(new DatagramPacket(d, d.length, to));
    }

    private static boolean isSealed(byte[] d) {
        DecodedDatagram decoded = new DecodedDatagram().decode(d);
        return decoded.error() == null && decoded.kindCode() == MessageKind.SEALED.code();
    }

    private static long counterOf(byte[] sealed) {
        return new DecodedDatagram().decode(sealed).view().uintOf(TlvTypes.COUNTER, -1);
    }

    private static byte[] plainBlock(byte[] uuid, long xferId, int block, byte[] data) {
        return Codec.encode(Message.of(MessageKind.BLOCK, uuid).uint(TlvTypes.XFERID, xferId, 4).uint(TlvTypes.BLOCKNUM, block, 4)
                .fragments(TlvTypes.PAYLOAD, data).build());
    }

    /** A SEALED datagram with {@code like}'s UUID and PEERSESSION, {@code counter}, and {@code sealed} as its sealed bytes. */
    private static byte[] forgedSealed(byte[] like, long counter, byte[] sealed) {
        DatagramView view = new DecodedDatagram().decode(like).view();
        return Codec.encode(Message.of(MessageKind.SEALED, view.value(view.indexOf(TlvTypes.UUID)))
                .uint(TlvTypes.PEERSESSION, view.uintOf(TlvTypes.PEERSESSION, -1), 4).uint(TlvTypes.COUNTER, counter, 8)
                .fragments(TlvTypes.SEALED, sealed).build());
    }

    /** {@code d} with the last byte of its tag flipped and its checksum made right again: only the seal can tell. */
    private static byte[] flipped(byte[] d) {
        byte[] altered = d.clone();
        altered[altered.length - 3] ^= 0x5a;
        int sum = Checksum.compute(altered, 0, altered.length - 2);
        altered[altered.length - 2] = (byte) (sum >>> 8);
        altered[altered.length - 1] = (byte) sum;
        return altered;
    }
}
