package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.identity.IdentityFile;
import org.ptpmesh.identity.PublicKeys;
import org.ptpmesh.net.LocalAddresses;
import org.ptpmesh.transfer.BlockSizes;

/** The keys of ptpmesh send, receive, fetch and serve as a user meets them, on 127.0.0.1. */
class SealedTransferCommandTest {

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    /** receive or serve */
    private final CommandOutput listener = new CommandOutput();
    /** send or fetch */
    private final CommandOutput initiator = new CommandOutput();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** {@code size} seeded random bytes in the file {@code name}. */
    private Path file(String name, int size, long seed) throws Exception {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return Files.write(Files.createDirectories(dir.resolve("from")).resolve(name), data);
    }

    private static String port() throws Exception {
        return String.valueOf(LocalAddresses.freeUdpPort(InetAddress.getLoopbackAddress()));
    }

    private Future<Integer> receive(Path into, String port, Path identity, String... flags) throws Exception {
        String[] args = new String[8 + flags.length];
        System.arraycopy(new String[] {"--dir", into.toString(), "--port", port, "--bind", "127.0.0.1", "--identity",
            identity.toString()}, 0, args, 0, 8);
        System.arraycopy(flags, 0, args, 8, flags.length);
        Future<Integer> receiver = pool.submit(() -> listener.run(new ReceiveCommand(), args));
        Thread.sleep(300);
        return receiver;
    }

    private int send(Path file, String to, String... flags) {
        String[] args = new String[5 + flags.length];
        System.arraycopy(new String[] {file.toString(), "--to", to, "--identity", dir.resolve("sender-identity").toString()},
                0, args, 0, 5);
        System.arraycopy(flags, 0, args, 5, flags.length);
        return initiator.run(new SendCommand(), args);
    }

    /** Waits, at most 10 s, until the listening command's stderr has a match of {@code regex}; returns it. */
    private Matcher awaitListenerSays(String regex) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            Matcher m = pattern.matcher(listener.err.toString());
            if (m.find()) {
                return m;
            }
            assertThat(System.currentTimeMillis()).as("'%s' within 10 s; stderr: %s", regex, listener.err).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static String keyOf(Path identity) throws Exception {
        return PublicKeys.format(IdentityFile.loadOrCreate(identity, new SecureRandom()).keys().publicKey());
    }

    @Test
    void aSenderWithoutAKeyIsToldWhereToFindItOrToUseLegacy() throws Exception {
        Path f = file("x.bin", 10, 1);
        assertThat(send(f, "127.0.0.1:9")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(initiator.err.toString()).contains("--to 127.0.0.1:9 has no @KEY", "'ptpmesh receive' prints it", "ptpmesh identity",
                "--legacy");
        assertThat(send(f, "127.0.0.1:9@" + keyOf(dir.resolve("r")), "--legacy")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(initiator.err.toString()).contains("drop @KEY or --legacy");
        assertThat(send(f, "127.0.0.1:9@nokey")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(initiator.err.toString()).contains("--to: bad key in '127.0.0.1:9@nokey'");
        assertThat(send(f, "127.0.0.1:9@" + keyOf(dir.resolve("r")), "--block-size", "1300")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(initiator.err.toString()).contains("a sealed BLOCK holds at most 1280 bytes");
        CommandOutput fetch = new CommandOutput();
        assertThat(fetch.run(new FetchCommand(), "x.bin", "--from", "127.0.0.1:9", "--dir", dir.toString())).isEqualTo(Cli.EXIT_USAGE);
        assertThat(fetch.err.toString()).contains("--from 127.0.0.1:9 has no @KEY", "'ptpmesh serve' prints it", "--legacy");
    }

    /**
     * The key receive prints (also with --json, on stderr) is what the sender copies: pasted into
     * --to as printed, the file arrives sealed, in 1280-byte blocks.
     */
    @Test
    void theKeyTheReceiverPrintsIsTheOneTheSenderCopies() throws Exception {
        Path f = file("data.bin", 1_000_000, 2);
        Path into = Files.createDirectories(dir.resolve("in"));
        String port = port();
        Path identity = dir.resolve("receiver-identity");
        Future<Integer> receiver = receive(into, port, identity, "--json");
        Matcher printed = awaitListenerSays("senders give --to HOST:" + port + "@(\\S+)");
        assertThat(printed.group(1)).isEqualTo(keyOf(identity));
        assertThat(send(f, "127.0.0.1:" + port + "@" + printed.group(1), "--json", "--idle-timeout", "10s"))
                .as("stderr: %s", initiator.err).isZero();
        assertThat(receiver.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(Files.readAllBytes(into.resolve("data.bin"))).isEqualTo(Files.readAllBytes(f));
        long blocks = new ObjectMapper().readTree(listener.out.toString()).get("blocks").asLong();
        assertThat(blocks).as("blocks of %d bytes", BlockSizes.SEALED)
                .isEqualTo((1_000_000 + BlockSizes.SEALED - 1) / BlockSizes.SEALED);
        // the hex form of the key is taken too
        Future<Integer> again = receive(Files.createDirectories(dir.resolve("in2")), port, identity, "--json");
        String hex = java.util.HexFormat.of().formatHex(PublicKeys.parse(printed.group(1)));
        assertThat(send(f, "127.0.0.1:" + port + "@" + hex, "--json", "--idle-timeout", "10s")).as("stderr: %s", initiator.err).isZero();
        assertThat(again.get(20, TimeUnit.SECONDS)).isZero();
    }

    /**
     * A plain (--legacy) sender gets nothing from a keyed receiver, which says why once and goes
     * on; a receiver started with --legacy takes it.
     */
    @Test
    void aPlainSenderIsDroppedByAKeyedReceiverAndTakenByALegacyOne() throws Exception {
        Path f = file("plain.bin", 200_000, 3);
        Path into = Files.createDirectories(dir.resolve("in"));
        String port = port();
        Future<Integer> keyed = receive(into, port, dir.resolve("receiver-identity"));
        assertThat(send(f, "127.0.0.1:" + port, "--legacy", "--idle-timeout", "2s")).isEqualTo(1);
        assertThat(listener.err.toString()).contains("dropped a plain transfer datagram from 127.0.0.1:",
                "this end takes sealed transfers only", "--legacy");
        assertThat(keyed.isDone()).as("a plain sender ends no keyed receive").isFalse();
        assertThat(into.resolve("plain.bin")).doesNotExist();
        keyed.cancel(true);

        String legacyPort = port();
        Future<Integer> legacy = receive(into, legacyPort, dir.resolve("receiver-identity"), "--legacy");
        assertThat(send(f, "127.0.0.1:" + legacyPort, "--legacy", "--idle-timeout", "10s")).as("stderr: %s", initiator.err).isZero();
        assertThat(legacy.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(Files.readAllBytes(into.resolve("plain.bin"))).isEqualTo(Files.readAllBytes(f));
    }

    /** How a send ended: its exit status, and after how long. */
    private record Ended(int status, long millis) {
    }

    /** Sends {@code f} to {@code to} with a 60 s idle timeout; prints, under {@code what}, how it ended. */
    private Ended timedSend(String what, Path f, String to) {
        long start = System.nanoTime();
        int status = send(f, to, "--idle-timeout", "60s");
        Ended ended = new Ended(status, (System.nanoTime() - start) / 1_000_000);
        System.out.printf("%s: send ended with status %d after %d ms%n", what, ended.status(), ended.millis());
        return ended;
    }

    /**
     * The receiver got a new identity; the sender still has the old key: it is told, with exit 1,
     * within the handshake's retries (IK five times a second apart, then XX, whose answer under
     * the new key the pin refuses), never hanging until its idle timeout.
     */
    @Test
    void aSenderPinnedToARotatedKeyIsToldWithinTheHandshakeTimeout() throws Exception {
        Path f = file("rotated.bin", 100_000, 4);
        String port = port();
        String oldKey = keyOf(dir.resolve("old-identity"));
        receive(Files.createDirectories(dir.resolve("in")), port, dir.resolve("new-identity"));
        Ended send = timedSend("rotated key", f, "127.0.0.1:" + port + "@" + oldKey);
        assertThat(send.status()).isEqualTo(1);
        assertThat(initiator.err.toString()).contains("error: no handshake answer from 127.0.0.1:" + port + " for key " + oldKey
                + " (it answers under another key); if the receiver has a new identity, ask for its key (ptpmesh identity)");
        assertThat(send.millis()).as("ended by the handshake, not the 60 s idle timeout").isLessThan(15_000);
    }

    /** Nobody answers at all: the same error once the IK and XX retries ran out. */
    @Test
    void aSenderWhoseReceiverNeverAnswersIsToldAfterTheHandshakeRetries() throws Exception {
        Path f = file("nobody.bin", 10_000, 5);
        String key = keyOf(dir.resolve("receiver-identity"));
        String port = port();
        Ended send = timedSend("no receiver", f, "127.0.0.1:" + port + "@" + key);
        assertThat(send.status()).isEqualTo(1);
        assertThat(initiator.err.toString()).contains("error: no handshake answer from 127.0.0.1:" + port + " for key " + key
                + "; if the receiver has a new identity");
        assertThat(send.millis()).isBetween(8_000L, 15_000L);
    }

    /** serve prints its key for fetchers; fetch --from HOST:PORT@KEY gets the file sealed. */
    @Test
    void fetchFromAKeyedServe() throws Exception {
        Path served = Files.createDirectories(dir.resolve("served"));
        Path into = Files.createDirectories(dir.resolve("into"));
        byte[] data = new byte[700_000];
        new Random(6).nextBytes(data);
        Files.write(served.resolve("doc.bin"), data);
        String port = port();
        Path identity = dir.resolve("server-identity");
        String key = keyOf(identity);
        Future<Integer> server = pool.submit(() -> listener.run(new ServeCommand(), "--dir", served.toString(),
                "--port", port, "--bind", "127.0.0.1", "--once", "--json", "--identity", identity.toString()));
        assertThat(awaitListenerSays("fetchers give --from HOST:" + port + "@(\\S+)").group(1)).isEqualTo(key);
        assertThat(initiator.run(new FetchCommand(), "doc.bin", "--from", "127.0.0.1:" + port + "@" + key,
                "--dir", into.toString(), "--json", "--identity", dir.resolve("fetcher-identity").toString()))
                .as("stderr: %s", initiator.err).isZero();
        assertThat(server.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(Files.readAllBytes(into.resolve("doc.bin"))).isEqualTo(data);
        assertThat(new ObjectMapper().readTree(initiator.out.toString()).get("blocks").asLong())
                .isEqualTo((700_000 + BlockSizes.SEALED - 1) / BlockSizes.SEALED);
    }
}
