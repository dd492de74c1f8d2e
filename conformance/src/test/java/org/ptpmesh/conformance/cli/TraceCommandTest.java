package org.ptpmesh.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.cli.InputDefaults;
import org.ptpmesh.conformance.trace.SilentIntroducerScenario;

class TraceCommandTest {

    @TempDir
    static Path dir;

    private static Path trace;

    @BeforeAll
    static void simulate() throws Exception {
        trace = dir.resolve("silent.ndjson");
        SilentIntroducerScenario.write(trace);
    }

    private static String[] replay(Path file, String... more) {
        List<String> args = new ArrayList<>(List.of("trace", file.toString(), "--work-dir",
                dir.resolve("work").toString(), "--node", "public-peer", "--keepalive-ms", "4000",
                "--keepalive-retry-ms", "1000"));
        if (!List.of(more).contains("--keepalive-retries")) {
            args.addAll(List.of("--keepalive-retries", Integer.toString(SilentIntroducerScenario.RETRIES)));
        }
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void aMatchingTraceExitsZeroWithOneLineANode() {
        PtpconformRun r = PtpconformRun.of(replay(trace));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("keepalive  public-peer").contains("nat-check  public-peer").contains("MATCH")
                .contains("2 replay(s): 2 matched, 0 not");
    }

    @Test
    void aRetryBudgetOtherThanTheNodesDoesNotMatch() {
        // the model, told of one retry more, must retry the silent introducer where the node did not
        PtpconformRun r = PtpconformRun.of(replay(trace, "--mapping", "keepalive", "--keepalive-retries",
                Integer.toString(SilentIntroducerScenario.RETRIES + 1)));

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("NO MATCH").contains("1 replay(s): 0 matched, 1 not");
    }

    @Test
    void aTraceWithAnEventTheModelCannotProduceExitsOneAndShowsIt() throws Exception {
        // the introducer that never answers reported Active again at 20 s
        List<String> lines = Files.readAllLines(trace);
        String forged = "{\"event\":\"PeerStateChange\",\"node\":\"public-peer\",\"time\":20000,"
                + "\"params\":{\"peer\":\"" + silentIntroducer(lines) + "\",\"state\":\"ACTIVE\"},\"state\":{}}";
        List<String> edited = lines.stream().filter(l -> !l.contains("\"time\":20000") || !l.contains("public-peer"))
                .collect(Collectors.toList());
        int at = indexOfFirstAtOrAfter(edited, 20000);
        edited.add(at, forged);
        Path bad = dir.resolve("forged.ndjson");
        Files.write(bad, edited);

        PtpconformRun r = PtpconformRun.of(replay(bad, "--mapping", "keepalive", "--context", "1"));

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("NO MATCH").contains("first event the model cannot produce")
                .containsPattern(">>\\s+\\d+  \\{\"event\":\"PeerStateChange\"");
    }

    @Test
    void refusesWhatIsNotATraceWithAMessage() throws Exception {
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "hello\n");
        PtpconformRun r = PtpconformRun.of("trace", notes.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("notes.txt:1: not a JSON object");
        assertThat(PtpconformRun.of("trace", dir.resolve("missing.ndjson").toString()).err()).contains("is not a file");
        assertThat(PtpconformRun.of(replay(trace, "--mapping", "no-such-model")).err()).contains("unknown mapping 'no-such-model'");
        assertThat(PtpconformRun.of(replay(trace, "--tick-ms", "3000")).err()).contains("multiples of the tick");
        Path introducerOnly = dir.resolve("introducer.ndjson");
        Files.writeString(introducerOnly, "{\"event\":\"Init\",\"node\":\"introducer-a\",\"time\":0,"
                + "\"params\":{\"port\":3456},\"state\":{\"registrations\":0}}\n");
        PtpconformRun none = PtpconformRun.of("trace", introducerOnly.toString(), "--work-dir", dir.resolve("work").toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("holds no events these mappings replay");
    }

    @Test
    void aSimulatorsTraceIsNotMergedWithARealProcesss() throws Exception {
        Path real = dir.resolve("real.ndjson");
        Files.writeString(real, "{\"event\":\"Start\",\"node\":\"c1/natcheck\",\"time\":1765000000000,"
                + "\"params\":{},\"state\":{}}\n");

        PtpconformRun r = PtpconformRun.of("trace", real.toString(), trace.toString(), "--work-dir", dir.resolve("work").toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: silent.ndjson:1: time 0 is not Unix epoch milliseconds")
                .contains("replay that file alone");
        assertThat(PtpconformRun.of("trace", real.toString(), dir.resolve("missing.ndjson").toString()).err())
                .contains("missing.ndjson is not a file");
    }

    @Test
    void inputThatIsNotUtf8IsOneLineOfErrorNamingTheLine() throws Exception {
        byte[] first = Files.readAllLines(trace).get(0).getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = "{\"event\":\"Init\",\"node\":\"caf\u00e9\",\"time\":0}\n".getBytes(StandardCharsets.ISO_8859_1);
        Path bad = dir.resolve("latin1.ndjson");
        Files.write(bad, first);
        Files.write(bad, new byte[] {'\n'}, StandardOpenOption.APPEND);
        Files.write(bad, latin1, StandardOpenOption.APPEND);

        PtpconformRun r = PtpconformRun.of("trace", bad.toString(), "--work-dir", dir.resolve("work").toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines()).containsExactly("error: " + bad + ":2: not UTF-8 text: byte 0xe9 at byte 27");
    }

    @Test
    void aLineOverTheLimitIsRefusedNamingTheLine() throws Exception {
        Path huge = dir.resolve("huge.ndjson");
        Files.writeString(huge, "\n\n{\"event\":\"" + "x".repeat(InputDefaults.TRACE_LINE_MAX_BYTES) + "\"}\n");

        PtpconformRun r = PtpconformRun.of("trace", huge.toString(), "--work-dir", dir.resolve("work").toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines()).containsExactly("error: " + huge + ":3: " + (InputDefaults.TRACE_LINE_MAX_BYTES + 12)
                + " bytes; a line holds at most " + InputDefaults.TRACE_LINE_MAX_BYTES);
    }

    private static String silentIntroducer(List<String> lines) {
        return lines.stream().filter(l -> l.contains("\"PeerStateChange\"") && l.contains("MISSING"))
                .map(l -> l.replaceAll(".*\"peer\":\"([^\"]+)\".*", "$1")).findFirst().orElseThrow();
    }

    private static int indexOfFirstAtOrAfter(List<String> lines, long time) {
        for (int k = 0; k < lines.size(); k++) {
            long t = Long.parseLong(lines.get(k).replaceAll(".*\"time\":(\\d+).*", "$1"));
            if (t >= time) {
                return k;
            }
        }
        return lines.size();
    }
}
