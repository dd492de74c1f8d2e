package org.ptpmesh.conformance.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ptpmesh.conformance.cli.PtpconformRun;
import org.ptpmesh.conformance.tla.SpecLocator;
import org.ptpmesh.sim.Simulation;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.transfer.TransferDefaults;
import org.ptpmesh.transfer.TransferReport;

/**
 * Transfers replayed through spec/BulkTransfer.tla, sender and receiver as one behaviour: the
 * simulator's at 0%, 10% and 30% loss each way, one given up on a path that died mid-transfer
 * and a real one on loopback sockets are accepted; the same lossy simulation on a core mutated to
 * give up at its first probe timeout is rejected at the give-up.
 */
class TransferTraceValidationTest {

    /** About 45 blocks: a real run of several round trips, replayed in seconds. */
    private static final int LOOPBACK_BYTES = 60_000;

    private static Path specDir;

    @TempDir
    static Path work;

    @BeforeAll
    static void findSpec() {
        specDir = SpecLocator.find().orElseThrow(() -> new IllegalStateException("spec/manifest.json not found"));
    }

    @ParameterizedTest
    @CsvSource({"0.0, 1", "0.10, 2", "0.30, 3"})
    void aSimulatedTransferMatchesTheModelAsOneBehaviour(double loss, long seed) throws Exception {
        Path trace = work.resolve("sim-" + seed + ".ndjson");
        assertThat(SimulatedTransferScenario.write(trace, loss, seed)).isEqualTo(2);
        TraceLog log = TraceLog.read(trace);

        List<TraceVerdict> verdicts = replay(log, "sim-" + seed);

        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.node()).isEqualTo("sender+receiver");
            assertThat(v.matched()).as(TraceReport.summary(v) + " " + TraceReport.context(log, v, 3)).isTrue();
        });
        List<String> events = log.events().stream().map(TraceEvent::event).toList();
        assertThat(events).contains("ReceiveOffer", "RequestBlock", "ServeBlock", "ReceiveBlock", "Complete", "ReceiveDone");
        if (loss > 0) {
            // the losses were replayed, not avoided
            assertThat(events).containsAnyOf("DetectLoss", "RequestTimeout");
        }
    }

    @Test
    void aRealTransferOnLoopbackMatchesTheModel() throws Exception {
        Path trace = work.resolve("loopback.ndjson");
        LoopbackTransferRun run = new LoopbackTransferRun();
        run.run(work.resolve("loopback"), LOOPBACK_BYTES, trace);
        assertThat(run.errors).isEmpty();
        assertThat(run.reports).extracting(TransferReport::outcome)
                .containsExactlyInAnyOrder(TransferReport.Outcome.COMPLETE, TransferReport.Outcome.COMPLETE);
        TraceLog log = TraceLog.read(trace);
        assertThat(log.nodes()).containsExactlyInAnyOrder("sender", "receiver");

        List<TraceVerdict> verdicts = replay(log, "loopback");

        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.matched()).as(TraceReport.summary(v) + " " + TraceReport.context(log, v, 3)).isTrue();
            assertThat(v.records()).isGreaterThan(3 * LOOPBACK_BYTES / TransferDefaults.BLOCK_SIZE);
        });

        // what receive --trace and send --trace write, one end each: ptpconform trace replays
        // each with the other end's steps supplied (default mappings: only transfer applies)
        for (String node : List.of("receiver", "sender")) {
            Path one = work.resolve("loopback-" + node + ".ndjson");
            Files.write(one, Files.readAllLines(trace, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains("\"node\":\"" + node + "\"")).toList(), StandardCharsets.UTF_8);
            assertThat(TraceLog.read(one).nodes()).containsExactly(node);
            PtpconformRun r = PtpconformRun.of("trace", one.toString(), "--work-dir", work.resolve("cli").toString());
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("transfer   " + node).contains("1 replay(s): 1 matched, 0 not");
        }
    }

    @Test
    void aTransferGivenUpOnADeadPathMatchesTheModel() throws Exception {
        Path trace = work.resolve("dead-path.ndjson");
        assertThat(SimulatedTransferScenario.writeDyingPath(trace, 4)).isEqualTo(2);
        TraceLog log = TraceLog.read(trace);

        List<TraceVerdict> verdicts = replay(log, "dead-path");

        assertThat(verdicts).singleElement().satisfies(v ->
                assertThat(v.matched()).as(TraceReport.summary(v) + " " + TraceReport.context(log, v, 3)).isTrue());
        List<TraceEvent> probes = log.events().stream()
                .filter(e -> e.event().equals("RequestTimeout") && "probe".equals(e.params().get("reason"))).toList();
        // the core's rule was replayed: the probes asked for several blocks, none often, then it gave up on the path
        assertThat(probes).hasSize(TransferDefaults.MAX_RETRIES + 1);
        assertThat(probes.get(probes.size() - 1).params()).containsEntry("gaveUp", true).containsEntry("what", "nothing");
        assertThat(probes.subList(0, TransferDefaults.MAX_RETRIES)).extracting(e -> e.params().get("block"))
                .doesNotHaveDuplicates().hasSize(TransferDefaults.MAX_RETRIES);
        assertThat(log.events()).extracting(TraceEvent::event).doesNotContain("Complete").contains("ForgetTransfer");
    }

    @Test
    void aReceiverThatGivesUpAtItsFirstProbeTimeoutIsRejected() throws Exception {
        Path source = specDir.toAbsolutePath().getParent()
                .resolve("impl/core/src/main/java/org/ptpmesh/transfer/ReceiverTransfer.java");
        ClassLoader mutant = MutantLoader.mutate(source, "if (probesUnanswered >= endpoint.config.maxRetries()) {",
                "if (probesUnanswered >= 0) {", 1, work.resolve("mutant"),
                List.of(SimulatedTransferScenario.class, TransferDefaults.class, Simulation.class));
        Path trace = work.resolve("mutant.ndjson");
        mutant.loadClass(SimulatedTransferScenario.class.getName()).getMethod("write", Path.class, double.class, long.class)
                .invoke(null, trace, 0.30, 3L);
        TraceLog log = TraceLog.read(trace);

        List<TraceVerdict> verdicts = replay(log, "mutant");

        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.decided()).isTrue();
            assertThat(v.matched()).isFalse();
            TraceEvent unmatched = log.events().get(v.firstUnmatched());
            // the model gives up on the path only after PROBES (the core's 12) probes in a row
            assertThat(unmatched.event()).isEqualTo("RequestTimeout");
            assertThat(unmatched.params()).containsEntry("gaveUp", true).containsEntry("reason", "probe");
            assertThat(TraceReport.context(log, v, 2)).anyMatch(line -> line.startsWith(">>") && line.contains("gaveUp"));
        });
    }

    private static List<TraceVerdict> replay(TraceLog log, String run) {
        TransferMapping mapping = new TransferMapping(TransferDefaults.MAX_WINDOW, TransferDefaults.IDLE_SECONDS * 1000,
                TransferDefaults.IDLE_TICK_MILLIS);
        return new TraceValidator(specDir, work.resolve(run), 120).validateAll(log, List.of(mapping), node -> true, 1,
                v -> { });
    }
}
