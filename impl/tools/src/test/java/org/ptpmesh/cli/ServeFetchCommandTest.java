package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.identity.IdentityFile;
import org.ptpmesh.identity.PublicKeys;
import org.ptpmesh.net.LocalAddresses;

/** ptpmesh serve and fetch as a user runs them, on 127.0.0.1. */
class ServeFetchCommandTest {

    @TempDir
    Path root;

    private final ExecutorService pool = Executors.newFixedThreadPool(1);
    private final StringWriter serverOut = new StringWriter();
    private final StringWriter serverErr = new StringWriter();
    private final StringWriter fetcherOut = new StringWriter();
    private final StringWriter fetcherErr = new StringWriter();
    private Path served;
    private Path into;
    private String port;

    @BeforeEach
    void dirs() throws Exception {
        served = Files.createDirectories(root.resolve("served"));
        into = Files.createDirectories(root.resolve("into"));
        port = String.valueOf(LocalAddresses.freeUdpPort(InetAddress.getLoopbackAddress()));
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).as("serve stops when interrupted").isTrue();
    }

    private static int run(Object command, StringWriter out, StringWriter err, String... args) {
        return Cli.commandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    private byte[] serve(String name, int size, long seed) throws Exception {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        Files.write(served.resolve(name), data);
        return data;
    }

    /** Starts serve on 127.0.0.1 with {@code flags}; it answers within a FETCH retry even if it is slow to start. */
    private Future<Integer> startServe(String... flags) throws Exception {
        String[] args = new String[flags.length + 8];
        System.arraycopy(new String[] {"--dir", served.toString(), "--port", port, "--bind", "127.0.0.1", "--identity",
            serverIdentity().toString()}, 0, args, 0, 8);
        System.arraycopy(flags, 0, args, 8, flags.length);
        Future<Integer> server = pool.submit(() -> run(new ServeCommand(), serverOut, serverErr, args));
        Thread.sleep(300);
        return server;
    }

    private Path serverIdentity() {
        return root.resolve("server-identity");
    }

    /** Fetches {@code name}, sealed to the server's key (made now if it has none yet); returns the exit status. */
    private int fetch(String name, String... flags) throws Exception {
        String key = PublicKeys.format(IdentityFile.loadOrCreate(serverIdentity(), new SecureRandom()).keys().publicKey());
        String[] args = new String[flags.length + 7];
        System.arraycopy(new String[] {name, "--from", "127.0.0.1:" + port + "@" + key, "--dir", into.toString(), "--identity",
            root.resolve("fetcher-identity").toString()}, 0, args, 0, 7);
        System.arraycopy(flags, 0, args, 7, flags.length);
        return run(new FetchCommand(), fetcherOut, fetcherErr, args);
    }

    @Test
    void serveOnceAndFetchMoveAFileAndPrintOneJsonSummaryEach() throws Exception {
        byte[] data = serve("data.bin", 2_500_000, 1);
        serve("other.bin", 1000, 2);
        Future<Integer> server = startServe("--once", "--json");
        assertThat(fetch("data.bin", "--json")).as("fetch status; stderr: %s", fetcherErr).isZero();
        assertThat(server.get(10, TimeUnit.SECONDS)).as("serve --once exits after the transfer; stderr: %s", serverErr).isZero();
        assertThat(Files.readAllBytes(into.resolve("data.bin"))).isEqualTo(data);
        try (var files = Files.list(into)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("data.bin");
        }
        JsonNode fetched = new ObjectMapper().readTree(fetcherOut.toString());
        JsonNode sent = new ObjectMapper().readTree(serverOut.toString());
        assertThat(fetched.get("role").asText()).isEqualTo("receiver");
        assertThat(fetched.get("outcome").asText()).isEqualTo("COMPLETE");
        assertThat(fetched.get("bytes").asLong()).isEqualTo(2_500_000);
        assertThat(fetched.get("goodput_bytes_per_second").asLong()).isPositive();
        assertThat(sent.get("role").asText()).isEqualTo("sender");
        assertThat(sent.get("name").asText()).isEqualTo("data.bin");
        assertThat(sent.get("outcome").asText()).isEqualTo("COMPLETE");
        assertThat(sent.get("size").asLong()).isEqualTo(2_500_000);
    }

    @Test
    void anUnknownNameFailsAtOnceSayingTheObjectIsUnavailable() throws Exception {
        serve("there.bin", 1000, 3);
        startServe();
        long start = System.nanoTime();
        assertThat(fetch("missing.bin")).isEqualTo(1);
        assertThat((System.nanoTime() - start) / 1_000_000).as("no retries, no linger").isLessThan(2_000);
        assertThat(fetcherErr.toString()).contains("missing.bin").contains("object unavailable");
        assertThat(serverErr.toString()).contains("serving 1 file").contains("'missing.bin' refused: no such regular file");
        assertThat(fetch("missing.bin", "--json")).isEqualTo(1);
        assertThat(fetcherOut.toString()).contains("\"outcome\":\"OBJECT_UNAVAILABLE\"");
        try (var files = Files.list(into)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void anExistingFileIsKeptWithoutForceAndReplacedWithIt() throws Exception {
        byte[] data = serve("keep.bin", 200_000, 4);
        Files.writeString(into.resolve("keep.bin"), "precious");
        Future<Integer> server = startServe("--json");
        assertThat(fetch("keep.bin")).isEqualTo(1);
        assertThat(Files.readString(into.resolve("keep.bin"))).isEqualTo("precious");
        assertThat(fetcherErr.toString()).contains("exists").contains("--force");
        assertThat(fetch("keep.bin", "--force")).as("stderr: %s", fetcherErr).isZero();
        assertThat(Files.readAllBytes(into.resolve("keep.bin"))).isEqualTo(data);
        assertThat(server.isDone()).as("serve without --once keeps serving").isFalse();
        assertThat(serverOut.toString().lines()).extracting(l -> new ObjectMapper().readTree(l).get("outcome").asText())
                .containsExactly("REFUSED", "COMPLETE");
    }

    @Test
    void aFetchThatHearsNothingGivesUpAtItsIdleTimeout() throws Exception {
        long start = System.nanoTime();
        assertThat(fetch("x.bin", "--idle-timeout", "1s")).isEqualTo(1);
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(1_000L, 5_000L);
        assertThat(fetcherErr.toString()).contains("nothing arrived for").contains("run the same command again");
    }

    @Test
    void badNamesDirectoriesAddressesAndPortsAreUsageErrors() throws Exception {
        assertThat(fetch(".hidden")).isEqualTo(2);
        assertThat(fetcherErr.toString()).contains("starts with a dot").contains("safe file name");
        assertThat(fetch("../etc/passwd")).isEqualTo(2);
        assertThat(fetch("x\u009b2J")).isEqualTo(2);
        assertThat(fetcherErr.toString()).contains("'x\\u009B2J' has U+009B, a control character").doesNotContain("\u009b");
        assertThat(run(new FetchCommand(), fetcherOut, fetcherErr, "x.bin", "--from", "127.0.0.1", "--dir", into.toString()))
                .isEqualTo(2);
        assertThat(fetcherErr.toString()).contains("--from").contains("HOST:PORT");
        assertThat(run(new FetchCommand(), fetcherOut, fetcherErr, "x.bin", "--from", "127.0.0.1:9", "--legacy",
                "--dir", root.resolve("missing").toString())).isEqualTo(2);
        assertThat(fetcherErr.toString()).contains("not a writable directory");
        assertThat(fetch("x.bin", "--port", "70000")).isEqualTo(2);
        assertThat(fetcherErr.toString()).contains("--port must be 0-65535");
        assertThat(run(new FetchCommand(), fetcherOut, fetcherErr, "x.bin", "--dir", into.toString())).isEqualTo(2);
        assertThat(fetcherErr.toString()).contains("--from");

        assertThat(run(new ServeCommand(), serverOut, serverErr, "--dir", root.resolve("missing").toString())).isEqualTo(2);
        assertThat(serverErr.toString()).contains("not a readable directory");
        assertThat(run(new ServeCommand(), serverOut, serverErr, "--dir", served.toString(), "--port", "0")).isEqualTo(2);
        assertThat(serverErr.toString()).contains("--port must be 1-65535");
        assertThat(run(new ServeCommand(), serverOut, serverErr, "--dir", served.toString(), "--port", "x")).isEqualTo(2);
    }

    @Test
    void bothCommandsAreInPtpmeshAndPtpclientWithHelpThatFitsATerminal() {
        StringWriter toolbox = new StringWriter();
        assertThat(run(new PtpmeshCommand(), toolbox, new StringWriter(), "--help")).isZero();
        assertThat(toolbox.toString()).contains("serve").contains("fetch");
        for (Object top : new Object[] {new PtpmeshCommand(), new PtpclientCommand()}) {
            for (String sub : new String[] {"serve", "fetch"}) {
                StringWriter help = new StringWriter();
                assertThat(run(top, help, new StringWriter(), sub, "--help")).isZero();
                assertThat(help.toString()).contains("Exit codes").contains("Examples").contains("  ptpmesh " + sub)
                        .contains(sub.equals("fetch") ? "--from" : "--once");
                assertThat(help.toString().lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
            }
        }
    }
}
