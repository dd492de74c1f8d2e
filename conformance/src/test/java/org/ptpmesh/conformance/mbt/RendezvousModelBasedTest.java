package org.ptpmesh.conformance.mbt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptpmesh.client.MeshClient;
import org.ptpmesh.conformance.tla.SpecLocator;
import org.ptpmesh.conformance.trace.MutantLoader;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.testkit.RecordingEffects;
import org.ptpmesh.wire.list.ClientListPager;

/**
 * Model-based tests of the rendezvous server and its clients: TLC's state graph of
 * spec/mbt/MBTRendezvous.tla (Rendezvous, the server's address challenge included), one test
 * case per transition driving {@link RendezvousServer} and one {@link MeshClient} per client.
 * Every transition must be covered; a server that does not purge before it publishes must not.
 */
class RendezvousModelBasedTest {

    /** The configs' PURGE, REGISTER_EVERY, PUBLISH_EVERY (ticks) and PAGE. */
    private static final long PURGE = 1;
    private static final long REGISTER_EVERY = 1;
    private static final long PUBLISH_EVERY = 1;
    private static final int PAGE = 1;

    private static Path spec;

    @TempDir
    static Path work;

    @BeforeAll
    static void findSpec() {
        spec = SpecLocator.find().orElseThrow(() -> new IllegalStateException("spec/manifest.json not found"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"MBTRendezvous_Stop.cfg"})
    void everyTransitionOfTheRendezvousModelHoldsForTheServerAndItsClients(String cfg) throws Exception {
        StateGraph graph = StateGraphDump.explore(spec, "MBTRendezvous", cfg, work.resolve(cfg));

        EdgeCoverage coverage = EdgeCoverage.run(graph,
                initial -> new RendezvousAdapter(initial, PURGE, REGISTER_EVERY, PUBLISH_EVERY, PAGE));

        System.out.println(cfg + ": " + coverage.summary());
        assertThat(coverage.failures()).as(coverage.summary()).isEmpty();
        assertThat(coverage.byAction()).containsKeys("SendRegister", "RegisterAnswered", "Publish", "ReceiveList", "Tick");
        assertThat(coverage.covered()).isEqualTo(coverage.edges()).isGreaterThan(1000);
    }
}
