package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptpmesh.conformance.tla.SpecLocator;
import org.ptpmesh.conformance.trace.MutantLoader;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.transfer.TransferEndpoint;

/**
 * Model-based tests of the bulk transfer: TLC's state graph of spec/mbt/MBTBulkTransfer.tla
 * (BulkTransfer restricted to the choices the core makes itself), one test case per transition
 * driving a sending and a receiving {@link TransferEndpoint}. Every transition must be covered;
 * a receiver that completes a block early, or probes once more than PROBES, must not.
 */
class BulkTransferModelBasedTest {

    /** The configs' PROBES (their RETRIES is the core's own, 64). */
    private static final long PROBES = 1;

    private static Path spec;
    /** MBTBulkTransfer.cfg's graph, which the mutants run on too, and MBTBulkTransfer_Dups.cfg's. */
    private static StateGraph base;
    private static StateGraph dups;

    @TempDir
    static Path work;

    @BeforeAll
    static void exploreTheModel() throws Exception {
        spec = SpecLocator.find().orElseThrow(() -> new IllegalStateException("spec/manifest.json not found"));
        base = StateGraphDump.explore(spec, "MBTBulkTransfer", "MBTBulkTransfer.cfg", work.resolve("base"));
        dups = StateGraphDump.explore(spec, "MBTBulkTransfer", "MBTBulkTransfer_Dups.cfg", work.resolve("dups"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"MBTBulkTransfer.cfg", "MBTBulkTransfer_Dups.cfg"})
    void everyTransitionOfTheBulkTransferModelHoldsForBothEndpoints(String cfg) throws Exception {
        StateGraph graph = cfg.equals("MBTBulkTransfer.cfg") ? base : dups;

        EdgeCoverage coverage = EdgeCoverage.run(graph, initial -> new BulkTransferAdapter(initial, PROBES));

        System.out.println(cfg + ": " + coverage.summary());
        assertThat(coverage.failures()).as(coverage.summary()).isEmpty();
        assertThat(coverage.byAction()).containsKeys("ReceiveOfferStep", "RequestLowest", "ServeBlockStep",
                "ReceiveBlockStep", "TimeoutWhenLost", "CompleteStep", "ReceiveDoneStep", "LoseBounded",
                "SenderIdleAtEnd", "ForgetTransferStep");
        assertThat(coverage.covered()).isEqualTo(coverage.edges()).isGreaterThan(100);
        assertThat(coverage.byAction().get("ReceiveBlockStep")[0]).isGreaterThan(1);
    }

    @Test
    void aReceiverThatCompletesBeforeTheLastBlockFailsEveryPathThroughTheLastBlock() throws Exception {
        EdgeCoverage coverage = EdgeCoverage.run(base, onMutant("if (haveCount == blocks) {",
                "if (haveCount >= blocks - 1) {", "early"));

        System.out.println("MBTBulkTransfer on the complete-early mutant: " + coverage.summary());
        assertThat(coverage.covered()).isLessThan(coverage.edges());
        assertThat(coverage.byAction().get("CompleteStep")[1]).isZero();
        assertThat(coverage.failures()).first().asString().contains("ReceiveBlockStep").contains("receiving");
    }

    @Test
    void aReceiverThatProbesOnceTooOftenFailsTheGivingUp() throws Exception {
        EdgeCoverage coverage = EdgeCoverage.run(base, onMutant("if (probesUnanswered >= endpoint.config.maxRetries()) {",
                "if (probesUnanswered > endpoint.config.maxRetries()) {", "patient"));

        System.out.println("MBTBulkTransfer on the one-more-probe mutant: " + coverage.summary());
        int[] timeouts = coverage.byAction().get("TimeoutWhenLost");
        assertThat(timeouts[1]).isGreaterThan(0).isLessThan(timeouts[0]);
        assertThat(coverage.byAction().get("CompleteStep")[1]).isEqualTo(coverage.byAction().get("CompleteStep")[0]);
        assertThat(coverage.failures()).first().asString().contains("TimeoutWhenLost").contains("gaveup");
    }

    /** Fresh adapters on a core whose ReceiverTransfer has {@code from} replaced by {@code to}, compiled now. */
    private static Function<Map<String, Object>, ModelAdapter> onMutant(String from, String to,
            String name) throws Exception {
        ClassLoader mutant = MutantLoader.mutate(
                spec.toAbsolutePath().getParent().resolve("impl/core/src/main/java/org/ptpmesh/transfer/ReceiverTransfer.java"),
                from, to, 1, work.resolve("mutant-" + name),
                List.of(BulkTransferAdapter.class, TransferEndpoint.class, RecordingEffects.class));
        return MutantAdapters.fresh(mutant, BulkTransferAdapter.class, PROBES);
    }
}
