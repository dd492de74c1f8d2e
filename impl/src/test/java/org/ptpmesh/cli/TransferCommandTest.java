package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.net.LocalAddresses;

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
}
