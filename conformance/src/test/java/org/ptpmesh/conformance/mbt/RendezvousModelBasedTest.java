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

/**
 * Model-based tests of the rendezvous server and its clients: TLC's state graph of
 * spec/mbt/MBTRendezvous.tla (Rendezvous, the server's address challenge included), one test
 * case per transition driving {@link RendezvousServer} and one {@link MeshClient} per client.
 * Every transition must be covered; a server that does not announce a departure at once must not.
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
    @ValueSource(strings = {"MBTRendezvous_Paged.cfg", "MBTRendezvous_Stop.cfg"})
    void everyTransitionOfTheRendezvousModelHoldsForTheServerAndItsClients(String cfg) throws Exception {
        StateGraph graph = StateGraphDump.explore(spec, "MBTRendezvous", cfg, work.resolve(cfg));

        EdgeCoverage coverage = EdgeCoverage.run(graph,
                initial -> new RendezvousAdapter(initial, PURGE, REGISTER_EVERY, PUBLISH_EVERY, PAGE));

        System.out.println(cfg + ": " + coverage.summary());
        assertThat(coverage.failures()).as(coverage.summary()).isEmpty();
        assertThat(coverage.byAction()).containsKeys("SendRegister", "RegisterAnswered", "Publish", "Tick");
        assertThat(coverage.byAction().keySet()).containsAnyOf("ReceiveList", "ReceiveListInTurn");
        assertThat(coverage.covered()).isEqualTo(coverage.edges()).isGreaterThan(1000);
    }

    @Test
    void aServerThatLeavesADepartureToThePeriodicListFailsThePublicationAfterIt() throws Exception {
        StateGraph graph = StateGraphDump.explore(spec, "MBTRendezvous", "MBTRendezvous_Departure.cfg", work.resolve("mutant"));
        ClassLoader mutant = MutantLoader.mutate(
                spec.toAbsolutePath().getParent().resolve("impl/core/src/main/java/org/ptpmesh/rendezvous/Publisher.java"),
                "changed(client, atOnce, now, out);", "", 1, work.resolve("mutant-core"),
                List.of(RendezvousAdapter.class, RendezvousServer.class, RecordingEffects.class));

        EdgeCoverage coverage = EdgeCoverage.run(graph, MutantAdapters.fresh(mutant, RendezvousAdapter.class,
                PURGE, REGISTER_EVERY, PUBLISH_EVERY, PAGE));

        System.out.println("MBTRendezvous_Departure on the silent-departure mutant: " + coverage.summary());
        assertThat(coverage.covered()).isLessThan(coverage.edges());
        assertThat(coverage.byAction().get("Publish")[1]).isLessThan(coverage.byAction().get("Publish")[0]);
        assertThat(coverage.failures()).first().asString().contains("Unregister").contains("list");
    }
}
