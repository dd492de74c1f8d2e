package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One seed gives one trace, byte for byte, in separate JVMs too. Two runs in one JVM cannot show
 * this: what differs between JVM starts (the salt that orders {@code Map.of}, identity hash
 * codes) is the same within one. With three or more parameters built by {@code Map.of}, two JVMs
 * agree on the order only when their salts agree modulo the table size, so a reintroduced
 * {@code Map.of} fails this test in nearly every run.
 */
class SimTraceAcrossJvmsTest {

    @TempDir
    Path dir;

    @Test
    void oneSeedGivesTheSameTraceBytesInTwoJvms() throws Exception {
        Path first = simulate("first.ndjson");
        Path second = simulate("second.ndjson");

        // as text, so a failure shows the lines that differ; equal text of one encoding is equal bytes
        assertThat(Files.readString(second)).isEqualTo(Files.readString(first));
        // the run exercised the steps with the most parameters: introductions and confirmed paths
        List<String> lines = Files.readAllLines(first);
        assertThat(lines).anyMatch(l -> l.contains("\"event\":\"ReceiveIntro\""))
                .anyMatch(l -> l.contains("\"event\":\"PathConfirmed\""));
    }

    private Path simulate(String name) throws IOException, InterruptedException {
        Path trace = dir.resolve(name);
        Path log = dir.resolve(name + ".log");
        Process sim = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PtpmeshCommand.class.getName(),
                "sim", "--peer", "a=linux-easy", "--peer", "b=linux-hard", "--peer", "c=easy@a", "--connect", "all",
                "--duration", "20s", "--seed", "5", "--trace", trace.toString(), "--json")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(sim.waitFor(2, TimeUnit.MINUTES)).as("the simulation ends").isTrue();
        assertThat(sim.exitValue()).as(Files.readString(log)).isZero();
        return trace;
    }
}
