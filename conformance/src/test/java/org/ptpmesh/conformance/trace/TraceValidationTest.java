package org.ptpmesh.conformance.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.cli.Cli;
import org.ptpmesh.cli.PtpmeshCommand;
import org.ptpmesh.peer.Peer;
import org.ptpmesh.scenario.Mesh;
import org.ptpmesh.trace.TraceEvent;
import picocli.CommandLine;

/**
 * Traces of the simulator replayed through TLC: the mesh scenario of {@code ptpmesh sim} and a
 * run with a silent introducer match the models for every peer; the same silent-introducer run
 * on a core mutated to use {@code >=} at the peer-state thresholds is rejected at the state
 * change the model does not allow.
 */
class TraceValidationTest {

    private static Path specDir;

    @TempDir
    static Path work;

    @BeforeAll
    static void findSpec() {
        specDir = TraceReplays.specDir();
    }

    @Test
    void everyPeerOfTheSimulatedMeshMatchesKeepaliveAndTheNatCheck() throws Exception {
        Path trace = work.resolve("mesh.ndjson");
        CommandLine sim = Cli.commandLine(new PtpmeshCommand());
        sim.setOut(new PrintWriter(new StringWriter()));
        assertThat(sim.execute("sim", "mesh", "--duration", "90s", "--trace", trace.toString())).isZero();
        TraceLog log = TraceLog.read(trace);

        List<TraceVerdict> verdicts = replay(log, "mesh", new KeepaliveMapping(1000, 29_000, 2_000, 5, 2),
                new NatCheckMapping());

        // eleven peers (two of them mapped by their router), each through both mappings
        assertThat(verdicts).hasSize(22);
        assertThat(verdicts).allSatisfy(v -> {
            assertThat(v.decided()).as(v.toString()).isTrue();
            assertThat(v.matched()).as(TraceReport.summary(v)).isTrue();
        });
        assertThat(verdicts).filteredOn(v -> v.mapping().equals("keepalive"))
                .allSatisfy(v -> assertThat(v.records()).isGreaterThan(10));
    }

    @Test
    void aSilentIntroducerGoesInactiveThenMissingAsTheModelSays() throws Exception {
        Path trace = work.resolve("silent.ndjson");
        SilentIntroducerScenario.write(trace);
        TraceLog log = TraceLog.read(trace);
        assertThat(log.events()).extracting(TraceEvent::event, e -> e.params().get("state"))
                .contains(tuple("PeerStateChange", "INACTIVE"),
                        tuple("PeerStateChange", "MISSING"));

        List<TraceVerdict> verdicts = replay(log, "silent", silentKeepalive());

        assertThat(verdicts).hasSize(2).allSatisfy(v -> assertThat(v.matched()).as(TraceReport.summary(v)).isTrue());
    }

    @Test
    void aCoreThatTurnsMissingAtExactlyThreeKeepalivesIsRejected() throws Exception {
        Path source = specDir.toAbsolutePath().getParent()
                .resolve("impl/core/src/main/java/org/ptpmesh/peer/PeerState.java");
        ClassLoader mutant = MutantLoader.mutate(source, "if (twice > ", "if (twice >= ", 3, work.resolve("mutant"),
                List.of(SilentIntroducerScenario.class, Peer.class, Mesh.class));
        Path trace = work.resolve("mutant.ndjson");
        mutant.loadClass(SilentIntroducerScenario.class.getName()).getMethod("write", Path.class).invoke(null, trace);
        TraceLog log = TraceLog.read(trace);

        List<TraceVerdict> verdicts = replay(log, "mutant", silentKeepalive());

        assertThat(verdicts).hasSize(2).allSatisfy(v -> {
            assertThat(v.decided()).isTrue();
            assertThat(v.matched()).isFalse();
            TraceEvent unmatched = log.events().get(v.firstUnmatched());
            // silence of exactly 3 x keepAlive: still Inactive under the strict comparison
            assertThat(unmatched.event()).isEqualTo("PeerStateChange");
            assertThat(unmatched.params().get("state")).isEqualTo("MISSING");
            assertThat(unmatched.time()).isEqualTo(3 * SilentIntroducerScenario.KEEPALIVE_MS);
            assertThat(TraceReport.context(log, v, 2)).anyMatch(line -> line.startsWith(">>")
                    && line.contains("\"MISSING\""));
        });
    }

    private static KeepaliveMapping silentKeepalive() {
        return new KeepaliveMapping(1000, SilentIntroducerScenario.KEEPALIVE_MS, SilentIntroducerScenario.RETRY_MS,
                SilentIntroducerScenario.RETRIES, 2);
    }

    private static List<TraceVerdict> replay(TraceLog log, String run, TraceMapping... mappings) {
        return TraceReplays.replay(work, log, run, mappings);
    }
}
