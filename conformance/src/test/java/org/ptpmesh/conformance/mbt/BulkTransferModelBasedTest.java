package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.conformance.tla.SpecLocator;
import org.ptpmesh.transfer.TransferEndpoint;

/**
 * Model-based tests of the bulk transfer: TLC's state graph of spec/mbt/MBTBulkTransfer.tla
 * (BulkTransfer restricted to the choices the core makes itself), one test case per transition
 * driving a sending and a receiving {@link TransferEndpoint}. Every transition must be covered.
 */
class BulkTransferModelBasedTest {

    /** The config's RETRIES. */
    private static final long RETRIES = 1;

    private static Path spec;

    @TempDir
    static Path work;

    @BeforeAll
    static void findSpec() {
        spec = SpecLocator.find().orElseThrow(() -> new IllegalStateException("spec/manifest.json not found"));
    }

    @Test
    void everyTransitionOfTheBulkTransferModelHoldsForBothEndpoints() throws Exception {
        StateGraph graph = StateGraphDump.explore(spec, "MBTBulkTransfer", "MBTBulkTransfer.cfg", work.resolve("model"));

        EdgeCoverage coverage = EdgeCoverage.run(graph, initial -> new BulkTransferAdapter(initial, RETRIES));

        System.out.println("MBTBulkTransfer: " + coverage.summary());
        assertThat(coverage.failures()).as(coverage.summary()).isEmpty();
        assertThat(coverage.byAction()).containsKeys("ReceiveOfferStep", "RequestLowest", "ServeBlockStep",
                "ReceiveBlockStep", "TimeoutWhenLost", "CompleteStep", "ReceiveDoneStep", "LoseBounded",
                "SenderIdleAtEnd", "ForgetTransferStep");
        assertThat(coverage.covered()).isEqualTo(coverage.edges()).isGreaterThan(100);
    }
}
