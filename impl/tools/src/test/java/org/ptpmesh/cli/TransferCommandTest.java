package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.identity.IdentityFile;
import org.ptpmesh.identity.PublicKeys;
import org.ptpmesh.net.LocalAddresses;
import org.ptpmesh.transfer.TransferReport;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.DecodeResult;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.TlvTypes;

/** ptpmesh send and receive as a user runs them, on 127.0.0.1. */
class TransferCommandTest {

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final StringWriter receiverOut = new StringWriter();
    private final StringWriter receiverErr = new StringWriter();
    private final StringWriter senderOut = new StringWriter();
    private final StringWriter senderErr = new StringWriter();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static int run(Object command, StringWriter out, StringWriter err, String... args) {
        return Cli.commandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    private Path file(String name, int size, long seed) throws Exception {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        Path f = Files.createDirectories(dir.resolve("from")).resolve(name);
        Files.write(f, data);
        return f;
    }

    /** The receiver's identity file: its key is what senders give with --to. */
    private Path receiverIdentity() {
        return dir.resolve("receiver-identity");
    }

    /** {@code --to} for the receiver on {@code port}: sealed to its key, made now if it has none yet. */
    private String to(String port) throws Exception {
        return "127.0.0.1:" + port + "@" + PublicKeys.format(IdentityFile.loadOrCreate(receiverIdentity(), new SecureRandom())
                .keys().publicKey());
    }

    /** Runs receive and then send, sealed; returns {receiver status, sender status}. */
    private int[] transfer(Path file, Path into, String... receiverFlags) throws Exception {
        String port = String.valueOf(LocalAddresses.freeUdpPort(InetAddress.getLoopbackAddress()));
        String[] args = new String[receiverFlags.length + 7];
        args[0] = "--dir";
        args[1] = into.toString();
        args[2] = "--port";
        args[3] = port;
        args[4] = "--json";
        args[5] = "--identity";
        args[6] = receiverIdentity().toString();
        System.arraycopy(receiverFlags, 0, args, 7, receiverFlags.length);
        String to = to(port);
        Future<Integer> receiver = pool.submit(() -> run(new ReceiveCommand(), receiverOut, receiverErr, args));
        Thread.sleep(300);
        int sent = run(new SendCommand(), senderOut, senderErr, file.toString(), "--to", to, "--json",
                "--idle-timeout", "10s", "--identity", dir.resolve("sender-identity").toString());
        return new int[] {receiver.get(20, TimeUnit.SECONDS), sent};
    }

    @Test
    void sendAndReceivePrintOneJsonSummaryEach() throws Exception {
        Path f = file("data.bin", 2_500_000, 1);
        Path into = Files.createDirectories(dir.resolve("in"));
        assertThat(transfer(f, into)).containsExactly(0, 0);
        assertThat(Files.readAllBytes(into.resolve("data.bin"))).isEqualTo(Files.readAllBytes(f));
        JsonNode sent = new ObjectMapper().readTree(senderOut.toString());
        JsonNode received = new ObjectMapper().readTree(receiverOut.toString());
        assertThat(sent.get("outcome").asText()).isEqualTo("COMPLETE");
        assertThat(received.get("bytes").asLong()).isEqualTo(2_500_000);
        assertThat(received.get("seconds").asDouble()).isPositive();
        assertThat(received.get("goodput_bytes_per_second").asLong()).isPositive();
        assertThat(received.has("retransmitted_blocks")).isTrue();
    }

    /**
     * An existing file is not overwritten: the sender is told (exit 1), the receiver notes why and
     * waits on, since a refused offer is no transfer of its own; the next file ends it.
     */
    @Test
    void anExistingFileIsNotOverwrittenWithoutForceAndTheReceiverWaitsOn() throws Exception {
        Path f = file("keep.bin", 100_000, 2);
        Path into = Files.createDirectories(dir.resolve("in"));
        Files.writeString(into.resolve("keep.bin"), "precious");
        String port = String.valueOf(LocalAddresses.freeUdpPort(InetAddress.getLoopbackAddress()));
        Future<Integer> receiver = pool.submit(() -> run(new ReceiveCommand(), receiverOut, receiverErr, "--dir", into.toString(),
                "--port", port, "--json", "--identity", receiverIdentity().toString()));
        Thread.sleep(300);
        assertThat(send(f, port)).isEqualTo(1);
        assertThat(Files.readString(into.resolve("keep.bin"))).isEqualTo("precious");
        assertThat(senderErr.toString()).contains("refused");
        Thread.sleep(200);
        assertThat(receiver.isDone()).as("a refused offer does not end receive; stderr: %s", receiverErr).isFalse();
        assertThat(receiverErr.toString()).contains("note: refused keep.bin").contains("exists").contains("--force");
        Path other = file("next.bin", 50_000, 5);
        assertThat(send(other, port)).isZero();
        assertThat(receiver.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(Files.readAllBytes(into.resolve("next.bin"))).isEqualTo(Files.readAllBytes(other));
    }

    /** Sends {@code file}, sealed, to the receiver on {@code port}; returns the exit status. */
    private int send(Path file, String port, String... flags) throws Exception {
        String[] args = new String[flags.length + 8];
        System.arraycopy(new String[] {file.toString(), "--to", to(port), "--json", "--idle-timeout", "10s", "--identity",
            dir.resolve("sender-identity").toString()}, 0, args, 0, 8);
        System.arraycopy(flags, 0, args, 8, flags.length);
        return run(new SendCommand(), senderOut, senderErr, args);
    }

    /** The OFFER whose block count once overflowed (2^63-1 bytes in 1352-byte blocks), from a stranger's socket. */
    private static byte[] overflowOffer() {
        return Codec.encode(Message.of(MessageKind.OFFER, new byte[] {6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6})
                .uint(TlvTypes.XFERID, 1).text(TlvTypes.OBJNAME, "huge.bin").uint(TlvTypes.OBJSIZE, Long.MAX_VALUE, 8)
                .uint(TlvTypes.BLOCKSIZE, 1352).bytes(TlvTypes.SHA256, new byte[32]).uint(TlvTypes.XFERMODE, 0)
                .bytes(TlvTypes.HASHROOT, new byte[32]).bytes(TlvTypes.XFERCOOKIE, new byte[16]).build());
    }

    private static void strangerSends(int port, byte[]... datagrams) throws Exception {
        try (DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            for (byte[] d : datagrams) {
                stranger.send(new DatagramPacket(d, d.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
            }
        }
    }

    /**
     * A running receive, with and without --keep-running, gets the overflowing OFFER, junk and a
     * pushed offer it refuses: it goes on, and receives the honest file after them.
     */
    @Test
    void aStrangersDatagramsEndNoReceive() throws Exception {
        for (boolean keepRunning : new boolean[] {true, false}) {
            Path into = Files.createDirectories(dir.resolve("in-" + keepRunning));
            Files.writeString(into.resolve("taken.bin"), "here first");
            int port = LocalAddresses.freeUdpPort(InetAddress.getLoopbackAddress());
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--dir", into.toString(), "--port",
                    String.valueOf(port), "--json", "--identity", receiverIdentity().toString()));
            if (keepRunning) {
                args.add("--keep-running");
            }
            Future<Integer> receiver = pool.submit(() -> run(new ReceiveCommand(), receiverOut, receiverErr, args.toArray(String[]::new)));
            Thread.sleep(300);
            strangerSends(port, overflowOffer(), new byte[] {1, 2, 3}, new byte[1400]);
            assertThat(send(file("taken.bin", 1_000, 6), String.valueOf(port))).as("a refused offer").isEqualTo(1);
            Thread.sleep(200);
            assertThat(receiver.isDone()).as("stderr: %s", receiverErr).isFalse();
            Path honest = file("honest-" + keepRunning + ".bin", 400_000, 7);
            assertThat(send(honest, String.valueOf(port))).isZero();
            assertThat(Files.readAllBytes(into.resolve(honest.getFileName()))).isEqualTo(Files.readAllBytes(honest));
            if (keepRunning) {
                Thread.sleep(300);
                assertThat(receiver.isDone()).as("--keep-running keeps running").isFalse();
                receiver.cancel(true);
            } else {
                assertThat(receiver.get(20, TimeUnit.SECONDS)).as("receive ends on its own file").isZero();
            }
        }
        assertThat(receiverErr.toString()).doesNotContain("error:");
    }

    /**
     * An OFFER to a running send's port is dropped, unanswered (an end that took offers would
     * answer a RETRY, then refuse the one echoing its cookie): send goes on and ends on its own
     * transfer. The receiver starts late, so the send is still offering while the stranger tries.
     */
    @Test
    void anOfferToSendIsIgnored() throws Exception {
        Path f = file("pushed.bin", 2_000_000, 8);
        Path into = Files.createDirectories(dir.resolve("in"));
        String receiverPort = String.valueOf(LocalAddresses.freeUdpPort(InetAddress.getLoopbackAddress()));
        int senderPort = LocalAddresses.freeUdpPort(InetAddress.getLoopbackAddress());
        Future<Integer> sender = pool.submit(() -> send(f, receiverPort, "--port", String.valueOf(senderPort)));
        while (!bound(senderPort)) {
            Thread.sleep(10);
        }
        int answers = 0;
        try (DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            stranger.setSoTimeout(100);
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), senderPort);
            for (int i = 0; i < 10; i++) {
                byte[] offer = offerOf("other.bin", new byte[16]);
                stranger.send(new DatagramPacket(offer, offer.length, target));
                byte[] overflow = overflowOffer();
                stranger.send(new DatagramPacket(overflow, overflow.length, target));
                DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                try {
                    stranger.receive(p);
                } catch (java.net.SocketTimeoutException nothing) {
                    continue;
                }
                answers++;
                if (Codec.decode(p.getData(), p.getOffset(), p.getLength()) instanceof DecodeResult.Decoded d
                        && d.message().kind() == MessageKind.RETRY) {
                    byte[] echoed = offerOf("other.bin", d.message().bytes(TlvTypes.XFERCOOKIE).orElseThrow());
                    stranger.send(new DatagramPacket(echoed, echoed.length, target));
                }
            }
        }
        assertThat(answers).as("a send answers no OFFER").isZero();
        assertThat(sender.isDone()).as("stderr: %s", senderErr).isFalse();
        Future<Integer> receiver = pool.submit(() -> run(new ReceiveCommand(), receiverOut, receiverErr, "--dir", into.toString(),
                "--port", receiverPort, "--json", "--identity", receiverIdentity().toString()));
        assertThat(sender.get(20, TimeUnit.SECONDS)).as("stderr: %s", senderErr).isZero();
        assertThat(receiver.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(Files.readAllBytes(into.resolve("pushed.bin"))).isEqualTo(Files.readAllBytes(f));
        assertThat(senderErr.toString()).doesNotContain("error");
    }

    /** Whether something is bound on UDP {@code port} of the loopback. */
    private static boolean bound(int port) {
        try (DatagramSocket probe = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
            return false;
        } catch (SocketException taken) {
            return true;
        }
    }

    private static byte[] offerOf(String name, byte[] cookie) {
        return Codec.encode(Message.of(MessageKind.OFFER, new byte[] {6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6})
                .uint(TlvTypes.XFERID, 2).text(TlvTypes.OBJNAME, name).uint(TlvTypes.OBJSIZE, 10)
                .uint(TlvTypes.BLOCKSIZE, 10).bytes(TlvTypes.SHA256, new byte[32]).uint(TlvTypes.XFERMODE, 0)
                .bytes(TlvTypes.HASHROOT, new byte[32]).bytes(TlvTypes.XFERCOOKIE, cookie).build());
    }

    /** What ends a receive without --keep-running: its own file, or its own transfer failing once blocks came. */
    @Test
    void receiveEndsOnItsOwnTransfersOutcomeOnly() {
        assertThat(ReceiveCommand.endsReceive(report(TransferReport.Outcome.COMPLETE, 10))).isTrue();
        assertThat(ReceiveCommand.endsReceive(report(TransferReport.Outcome.ALREADY_PRESENT, 0))).isTrue();
        assertThat(ReceiveCommand.endsReceive(report(TransferReport.Outcome.INTEGRITY_FAILURE, 10))).isTrue();
        assertThat(ReceiveCommand.endsReceive(report(TransferReport.Outcome.GAVE_UP, 3))).isTrue();
        assertThat(ReceiveCommand.endsReceive(report(TransferReport.Outcome.GAVE_UP, 0))).as("an offer nobody followed up").isFalse();
        assertThat(ReceiveCommand.endsReceive(report(TransferReport.Outcome.CANCELLED, 10))).as("superseded, evicted").isFalse();
    }

    private static TransferReport report(TransferReport.Outcome outcome, long blocks) {
        return new TransferReport(1, "x", TransferReport.Role.RECEIVER, outcome, 100, blocks * 10, 0, 1, blocks, 0, 0, "");
    }

    @Test
    void forceOverwrites() throws Exception {
        Path f = file("replace.bin", 100_000, 3);
        Path into = Files.createDirectories(dir.resolve("in"));
        Files.writeString(into.resolve("replace.bin"), "old");
        assertThat(transfer(f, into, "--force")).containsExactly(0, 0);
        assertThat(Files.readAllBytes(into.resolve("replace.bin"))).isEqualTo(Files.readAllBytes(f));
    }

    @Test
    void aMissingFileABadTargetAndABadDirectoryAreUsageErrors() {
        assertThat(run(new SendCommand(), senderOut, senderErr, dir.resolve("nope").toString(), "--to", "127.0.0.1:9")).isEqualTo(2);
        assertThat(senderErr.toString()).contains("no such readable file");
        assertThat(run(new SendCommand(), senderOut, senderErr, dir.toString(), "--to", "127.0.0.1:x")).isEqualTo(2);
        assertThat(run(new ReceiveCommand(), receiverOut, receiverErr, "--dir", dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(receiverErr.toString()).contains("not a writable directory");
    }

    @Test
    void aFileWithAnUnsafeNameNeedsAnotherNameAndIsNeverPrintedRaw() throws Exception {
        Path f = file("report\u202etxt.exe", 10, 5);
        assertThat(run(new SendCommand(), senderOut, senderErr, f.toString(), "--to", "127.0.0.1:9")).isEqualTo(2);
        assertThat(senderErr.toString()).contains("'report\\u202Etxt.exe' has U+202E", "--name").doesNotContain("\u202e");
    }

    @Test
    void aDecomposedFileNameIsOfferedAndStoredInNfc() throws Exception {
        Path f = file("re\u0301sume\u0301.bin", 5_000, 6);
        Path into = Files.createDirectories(dir.resolve("in"));
        assertThat(transfer(f, into)).containsExactly(0, 0);
        assertThat(Files.readAllBytes(into.resolve("r\u00e9sum\u00e9.bin"))).isEqualTo(Files.readAllBytes(f));
    }

    @Test
    void badTargetIsRefusedWithTheExpectedForm() throws Exception {
        Path f = file("x.bin", 10, 4);
        assertThat(run(new SendCommand(), senderOut, senderErr, f.toString(), "--to", "127.0.0.1")).isEqualTo(2);
        assertThat(senderErr.toString()).contains("--to").contains("HOST:PORT");
    }

    @Test
    void ptpclientOffersSendAndReceiveToo() {
        StringWriter help = new StringWriter();
        assertThat(run(new PtpclientCommand(), help, new StringWriter(), "send", "--help")).isZero();
        assertThat(help.toString()).contains("--to").contains("FILE");
        StringWriter toolbox = new StringWriter();
        assertThat(run(new PtpmeshCommand(), toolbox, new StringWriter(), "--help")).isZero();
        assertThat(toolbox.toString()).contains("send").contains("receive");
    }
    /**
     * The receiver's DONE is lost: the sender offers again after a second of silence, and the
     * receiver, which stays a few offer intervals after its last file, must answer with DONE, so
     * the sender ends well before its idle timeout instead of failing at it.
     */
    @Test
    void aLostDoneIsAnsweredAgainBeforeTheReceiverExits() throws Exception {
        Path f = file("done.bin", 300_000, 3);
        Path into = Files.createDirectories(dir.resolve("in"));
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int receiverPort = LocalAddresses.freeUdpPort(loopback);
        try (DatagramSocket proxy = new DatagramSocket(0, loopback)) {
            AtomicInteger donesDropped = new AtomicInteger();
            pool.submit(() -> relayDroppingFirstDone(proxy, new InetSocketAddress(loopback, receiverPort), donesDropped));
            Future<Integer> receiver = pool.submit(() -> run(new ReceiveCommand(), receiverOut, receiverErr,
                    "--dir", into.toString(), "--port", String.valueOf(receiverPort), "--json", "--legacy"));
            Thread.sleep(300);
            long start = System.nanoTime();
            // plain, so the relay can tell a DONE
            int sent = run(new SendCommand(), senderOut, senderErr, f.toString(), "--to", "127.0.0.1:" + proxy.getLocalPort(),
                    "--json", "--idle-timeout", "10s", "--legacy");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(donesDropped.get()).isEqualTo(1);
            assertThat(sent).as("sender status; stderr: %s", senderErr).isZero();
            assertThat(millis).as("the sender ended on the second DONE, not at its idle timeout").isLessThan(8_000);
            assertThat(receiver.get(20, TimeUnit.SECONDS)).isZero();
            assertThat(Files.readAllBytes(into.resolve("done.bin"))).isEqualTo(Files.readAllBytes(f));
        }
    }

    /** Forwards between the sender (whoever writes first) and the receiver, dropping the receiver's first DONE. */
    private static Void relayDroppingFirstDone(DatagramSocket proxy, InetSocketAddress receiver, AtomicInteger donesDropped)
            throws Exception {
        SocketAddress sender = null;
        byte[] buf = new byte[2048];
        while (!Thread.currentThread().isInterrupted() && !proxy.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                proxy.receive(p);
            } catch (SocketException closed) {
                return null;
            }
            boolean fromReceiver = p.getSocketAddress().equals(receiver);
            if (!fromReceiver) {
                sender = p.getSocketAddress();
            }
            if (fromReceiver && isDone(p) && donesDropped.compareAndSet(0, 1)) {
                continue;
            }
            SocketAddress to = fromReceiver ? sender : receiver;
            if (to != null) {
                proxy.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), to));
            }
        }
        return null;
    }

    private static boolean isDone(DatagramPacket p) {
        return Codec.decode(p.getData(), p.getOffset(), p.getLength()) instanceof DecodeResult.Decoded d
                && d.message().kind() == MessageKind.DONE;
    }
}
