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
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.net.LocalAddresses;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.DecodeResult;
import org.ptpmesh.wire.MessageKind;

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

    /** Runs receive and then send; returns {receiver status, sender status}. */
    private int[] transfer(Path file, Path into, String... receiverFlags) throws Exception {
        String port = String.valueOf(LocalAddresses.freeUdpPort(InetAddress.getLoopbackAddress()));
        String[] args = new String[receiverFlags.length + 5];
        args[0] = "--dir";
        args[1] = into.toString();
        args[2] = "--port";
        args[3] = port;
        args[4] = "--json";
        System.arraycopy(receiverFlags, 0, args, 5, receiverFlags.length);
        Future<Integer> receiver = pool.submit(() -> run(new ReceiveCommand(), receiverOut, receiverErr, args));
        Thread.sleep(300);
        int sent = run(new SendCommand(), senderOut, senderErr, file.toString(), "--to", "127.0.0.1:" + port, "--json",
                "--idle-timeout", "10s");
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

    @Test
    void anExistingFileIsNotOverwrittenWithoutForce() throws Exception {
        Path f = file("keep.bin", 100_000, 2);
        Path into = Files.createDirectories(dir.resolve("in"));
        Files.writeString(into.resolve("keep.bin"), "precious");
        assertThat(transfer(f, into)).containsExactly(1, 1);
        assertThat(Files.readString(into.resolve("keep.bin"))).isEqualTo("precious");
        assertThat(receiverErr.toString()).contains("exists").contains("--force");
        assertThat(senderErr.toString()).contains("refused");
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
                    "--dir", into.toString(), "--port", String.valueOf(receiverPort), "--json"));
            Thread.sleep(300);
            long start = System.nanoTime();
            int sent = run(new SendCommand(), senderOut, senderErr, f.toString(), "--to", "127.0.0.1:" + proxy.getLocalPort(),
                    "--json", "--idle-timeout", "10s");
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
