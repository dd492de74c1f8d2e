package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.net.LocalAddresses;
import org.ptpmesh.net.OriginalPtptest;

/**
 * Two original ptptest 2014 clients on the packaged {@code ptpserver}, as a user coming from
 * ptptest runs them: when one quits (Ctrl-C, its SHUTDOWN carrying META), the other's next list,
 * sent at once although the announce gap has not passed since the joins were published, no
 * longer names it; {@code -d} logs refused datagrams with reason and source, a few a second and
 * then a count; {@code stats} shows the remaining client heard from after its join, with its META.
 * Skipped, with the reason, where Python 2.7 or the copy of ptptest 2014 is missing.
 */
class OriginalClientsOnPtpserverIT {

    /** Written by {@code mvn package}; failsafe runs in the module's directory. */
    private static final Path LAUNCHER = Path.of("target", "bin", "ptpserver").toAbsolutePath();
    /**
     * Long enough that a departure waiting for it would show, and that the original client's
     * SHUTDOWN still falls within it on a loaded machine (7 s after the joins' list was seen on
     * two busy cores), short enough for the second join to be announced within the wait below.
     */
    private static final long ANNOUNCE_GAP_MILLIS = 20_000;
    /** How soon after the server took the SHUTDOWN the other client must have dropped the peer. */
    private static final long AT_ONCE_MILLIS = 3_000;
    private static final int LOG_DROPS = 5;

    @TempDir
    Path dir;

    @Test
    void aDepartureIsSeenAtOnceDropsAreLoggedAndStatsFollowTheClients() throws Exception {
        Optional<String> missing = OriginalPtptest.missing();
        assumeTrue(missing.isEmpty(), () -> "ptptest 2014 cannot run here: " + missing.orElseThrow());
        assumeTrue(Files.isExecutable(LAUNCHER), "no packaged ptpserver (mvn package writes " + LAUNCHER + ")");
        int port = LocalAddresses.freeUdpPort(InetAddress.getLoopbackAddress());
        Path db = dir.resolve("analytics.db");
        Path serverLog = dir.resolve("ptpserver.out");
        Process server = new ProcessBuilder(LAUNCHER.toString(), "-s", "127.0.0.1", "-p", Integer.toString(port), "--nostun",
                "--json", "-d", "--db", db.toString(), "--announce-gap", ANNOUNCE_GAP_MILLIS + "ms",
                "--log-drops", Integer.toString(LOG_DROPS), "--exit-after", "150s")
                .redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
        try (OriginalPtptest original = OriginalPtptest.open(dir)) {
            OriginalPtptest.Launched a = original.client(port, "-d");
            OriginalPtptest.Launched b = original.client(port, "-d");
            Supplier<String> context = () -> "server:\n" + read(serverLog) + "\na:\n" + a.tail(40) + "\nb:\n" + b.tail(40);
            await("both original clients listed to each other", Duration.ofSeconds(45), context,
                    () -> a.loggedAt("Adding new client").isPresent() && b.loggedAt("Adding new client").isPresent());
            int aPort = a.port().orElseThrow();

            a.interrupt();
            String removal = "Removing old client ('127.0.0.1', " + aPort + ")";
            await("b drops a from its list", Duration.ofSeconds(20), context, () -> b.loggedAt(removal).isPresent());
            JsonNode unregister = events(serverLog, "Unregister").get(0);
            long departedAt = Instant.parse(unregister.get("time").asText()).toEpochMilli();
            long lastJoinPublished = events(serverLog, "Publish").stream()
                    .filter(p -> "due".equals(p.get("params").get("cause").asText()))
                    .mapToLong(p -> Instant.parse(p.get("time").asText()).toEpochMilli())
                    .filter(t -> t <= departedAt).max().orElseThrow();
            assertThat(departedAt - lastJoinPublished).as("the SHUTDOWN came within the announce gap of the joins' list")
                    .isLessThan(ANNOUNCE_GAP_MILLIS - AT_ONCE_MILLIS);
            assertThat(b.loggedAt(removal).orElseThrow() - departedAt).as("b's view drops a within one publication, at once")
                    .isBetween(0L, AT_ONCE_MILLIS);
            assertThat(events(serverLog, "Publish")).anySatisfy(p ->
                    assertThat(p.get("params").get("cause").asText()).isEqualTo("departure"));

            InetSocketAddress junkFrom = junk(port, 12);
            await("the drops' summary", Duration.ofSeconds(10), context, () -> !events(serverLog, "DropsUnlogged").isEmpty());
            List<JsonNode> drops = events(serverLog, "Drop").stream()
                    .filter(d -> d.get("params").get("from").asText().equals("127.0.0.1:" + junkFrom.getPort())).toList();
            assertThat(drops).hasSize(LOG_DROPS).allSatisfy(d ->
                    assertThat(d.get("params").get("reason").asText()).isEqualTo("bad_checksum"));
            assertThat(events(serverLog, "DropsUnlogged").get(0).get("params").get("count").asLong()).isEqualTo(12 - LOG_DROPS);

            // b registers every 7 s and echoes every list: its last_seen must move past its join
            String bAt = "127.0.0.1:" + b.port().orElseThrow();
            long bJoined = Instant.parse(events(serverLog, "Register").stream()
                    .filter(r -> bAt.equals(r.get("params").get("from").asText())).findFirst().orElseThrow()
                    .get("time").asText()).toEpochMilli();
            await("b heard from well after its join", Duration.ofSeconds(30), context,
                    () -> client(stats(db), "audience", "ptptest", "departures", 0).get("lastSeen").asLong() > bJoined + 5_000);
            JsonNode bRow = client(stats(db), "audience", "ptptest", "departures", 0);
            assertThat(bRow.get("keyed").asBoolean()).as("a ptptest 2014 client, plain, is legacy beside the sealed server: %s", bRow)
                    .isFalse();
            assertThat(bRow.get("lastMeta").has("127.0.0.1-" + port)).as("b's META is its view of this server: %s", bRow)
                    .isTrue();
            assertThat(client(stats(db), "audience", "ptptest", "departures", 1).get("lastDeparture").asText())
                    .isEqualTo("shutdown");
            assertThat(dropsStored(db)).as("the original clients' datagrams broke no rule")
                    .doesNotContainKeys("rule_violation", "unexpected_kind", "not_registered");
        } finally {
            server.destroy();
            server.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** Sends {@code n} datagrams with a bad checksum from one socket; returns its address. */
    private static InetSocketAddress junk(int port, int n) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            byte[] bad = {1, 2, 3, 2, 0, 0};
            for (int i = 0; i < n; i++) {
                s.send(new DatagramPacket(bad, bad.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
            }
            return (InetSocketAddress) s.getLocalSocketAddress();
        }
    }

    private static JsonNode stats(Path db) {
        StringWriter out = new StringWriter();
        int status = Cli.commandLine(new PtpserverCommand()).setOut(new PrintWriter(out)).execute("stats", "--db", db.toString(),
                "--json");
        assertThat(status).isZero();
        try {
            return new ObjectMapper().readTree(out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode client(JsonNode stats, String key, String value, String countKey, long count) {
        for (JsonNode c : stats.get("clients")) {
            if (c.get(key).asText().equals(value) && c.get(countKey).asLong() == count) {
                return c;
            }
        }
        throw new AssertionError("no client with " + key + "=" + value + " and " + countKey + "=" + count + " in " + stats);
    }

    private static java.util.Map<String, Long> dropsStored(Path db) {
        java.util.Map<String, Long> drops = new java.util.TreeMap<>();
        stats(db).get("drops").fields().forEachRemaining(e -> drops.put(e.getKey(), e.getValue().asLong()));
        return drops;
    }

    /** The server's JSON log lines of one event, in order. */
    private static List<JsonNode> events(Path log, String event) {
        List<JsonNode> out = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        for (String line : read(log).lines().toList()) {
            if (line.startsWith("{")) {
                try {
                    JsonNode n = mapper.readTree(line);
                    if (event.equals(n.path("event").asText())) {
                        out.add(n);
                    }
                } catch (IOException partialLine) {
                    // the last line may be half written
                }
            }
        }
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(String what, Duration limit, Supplier<String> context, java.util.function.BooleanSupplier done)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what + "\n" + context.get());
            }
            Thread.sleep(100);
        }
    }
}
