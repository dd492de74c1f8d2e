package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.client.ClientDefaults;
import org.ptpmesh.net.LocalAddresses;
import picocli.CommandLine;

/**
 * Without a terminal, ptpclient logs the server's and every peer's RTT and loss every summary
 * period, by default {@link ClientDefaults#SUMMARY_EVERY_SECONDS} seconds, as ptptest 2014 logs
 * its RTTs. A server and two clients run as processes (no console, so the plain log) on
 * 127.0.0.1, with a 1 s period to keep the test short.
 */
class PtpclientPlainLogTest {

    private static final Pattern PEER_LINE = Pattern.compile("^(\\S+) INFO peer 127\\.0\\.0\\.1:\\d+ \\w+ rtt (\\d+) ms "
            + "\\(mean [\\d.]+, min \\d+, max \\d+\\) loss ([\\d.]+)% \\((\\d+) of (\\d+)\\) jitter [\\d.]+ ms sent (\\d+) recv \\d+ acked (\\d+)$");
    private static final Pattern SERVER_LINE = Pattern.compile("^(\\S+) INFO server 127\\.0\\.0\\.1:\\d+ rtt (\\d+ ms|-), "
            + "(sees us as 127\\.0\\.0\\.1:\\d+|not registered yet), (speaks ptpmesh|ptptest 2014 form), (\\d+) peers$");
    private static final long PERIOD_MILLIS = 1_000;

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @Test
    void everyPeersRttAndLossAreLoggedEverySummaryPeriod() throws Exception {
        String port = String.valueOf(LocalAddresses.freeUdpPort(InetAddress.getLoopbackAddress()));
        try {
            Path serverLog = launch("server", PtpserverCommand.class, "-s", "127.0.0.1", "-p", port, "--db",
                    dir.resolve("a.db").toString(), "--exit-after", "40s");
            long deadline = System.currentTimeMillis() + 20_000;
            while (!Files.readString(serverLog).contains("serving UDP") && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            String[] client = {"-s", "127.0.0.1", "-p", port, "--nostun", "--summary-every", PERIOD_MILLIS + "ms",
                "--exit-after", (6 * PERIOD_MILLIS + PERIOD_MILLIS / 2) + "ms"};
            // each client its own key: one key is one id
            Path a = launch("a", PtpclientCommand.class, withIdentity(client, dir.resolve("a/identity")));
            Path b = launch("b", PtpclientCommand.class, withIdentity(client, dir.resolve("b/identity")));
            for (Process p : started.subList(1, 3)) {
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the clients stop after --exit-after").isTrue();
            }
            for (Path log : List.of(a, b)) {
                List<String> lines = Files.readAllLines(log);
                List<Instant> summaries = new ArrayList<>();
                Matcher last = null;
                for (String line : lines) {
                    Matcher m = SERVER_LINE.matcher(line);
                    if (m.matches()) {
                        summaries.add(Instant.parse(m.group(1)));
                        last = m;
                    }
                }
                String output = String.join("\n", lines);
                assertThat(summaries).as("a summary every %d ms in:%n%s", PERIOD_MILLIS, output).hasSizeGreaterThanOrEqualTo(3);
                for (int i = 1; i < summaries.size(); i++) {
                    assertThat(summaries.get(i).toEpochMilli() - summaries.get(i - 1).toEpochMilli()).as(output)
                            .isBetween(PERIOD_MILLIS - 100, PERIOD_MILLIS + 1_500);
                }
                assertThat(last.group(4)).as("ptpserver speaks ptpmesh:%n%s", output).isEqualTo("speaks ptpmesh");
                List<Matcher> peers = lines.stream().map(PEER_LINE::matcher).filter(Matcher::matches).toList();
                assertThat(peers).as("a line for the peer in the summaries that list it:%n%s", output).isNotEmpty();
                Matcher peer = peers.get(peers.size() - 1);
                assertThat(Long.parseLong(peer.group(6))).as("probes sent").isPositive();
                assertThat(Long.parseLong(peer.group(7))).as("probes answered").isPositive();
                assertThat(Long.parseLong(peer.group(4))).as("lost").isLessThanOrEqualTo(Long.parseLong(peer.group(5)));
            }
        } finally {
            started.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void theDefaultPeriodIsFiveSecondsAndHelpSaysSo() {
        assertThat(ClientDefaults.SUMMARY_EVERY_SECONDS).isEqualTo(5);
        CommandLine cl = Cli.commandLine(new PtpclientCommand());
        assertThat(cl.getCommandSpec().findOption("--summary-every").defaultValue()).isEqualTo("5s");
        assertThat(cl.getUsageMessage()).contains("--summary-every=<duration>").contains("this often [5s]");
    }

    private static String[] withIdentity(String[] args, Path identity) {
        String[] with = java.util.Arrays.copyOf(args, args.length + 2);
        with[args.length] = "--identity";
        with[args.length + 1] = identity.toString();
        return with;
    }

    private Path launch(String name, Class<?> command, String... args) throws IOException {
        Path log = dir.resolve(name + ".log");
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), command.getName()));
        line.addAll(List.of(args));
        started.add(new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        return log;
    }
}
