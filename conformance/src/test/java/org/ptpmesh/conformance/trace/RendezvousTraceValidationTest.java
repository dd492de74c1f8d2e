package org.ptpmesh.conformance.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptpmesh.conformance.tla.SpecLocator;
import org.ptpmesh.rendezvous.RendezvousServer;
import org.ptpmesh.rendezvous.ServerConfig;
import org.ptpmesh.sim.Simulation;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.wire.list.ClientListAssembler;

/**
 * A rendezvous server and its clients on the simulator ({@link RendezvousScenario}: paged lists,
 * a client that stops, one that goes silent) replayed through spec/trace/TraceRendezvous.tla as
 * one behaviour: lossless and with 10% and 30% loss on every link, all matched; the lossless run
 * on a server mutated to publish before it purges is rejected at the publication that lists the
 * client it should have purged, and the 10% run on clients that complete a list from pages of two
 * publications (LISTIDs) is rejected at the page that did so.
 */
class RendezvousTraceValidationTest {

    private static Path specDir;

    @TempDir
    static Path work;

    @BeforeAll
    static void findSpec() {
        specDir = SpecLocator.find().orElseThrow(() -> new IllegalStateException("spec/manifest.json not found"));
    }

    @ParameterizedTest(name = "loss {0}")
    @ValueSource(doubles = {0, 0.1, 0.3})
    void theServerAndEveryClientMatchAsOneBehaviour(double loss) throws Exception {
        Path trace = work.resolve("rendezvous-" + loss + ".ndjson");
        RendezvousScenario.write(trace, loss);
        TraceLog log = TraceLog.read(trace);
        // the run holds what the replay is about: two-page lists, a SHUTDOWN, a purge
        assertThat(log.events()).anyMatch(e -> e.event().equals("ReceiveList") && e.params().get("pages").equals(2));
        assertThat(log.events()).anyMatch(e -> e.event().equals("Shutdown"));
        assertThat(log.events()).anyMatch(e -> e.event().equals("Purge"));

        List<TraceVerdict> verdicts = replay(log, "loss-" + loss);

        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.decided()).as(v.toString()).isTrue();
            assertThat(v.matched()).as(TraceReport.summary(v) + TraceReport.context(log, v, 3)).isTrue();
            // every client's registrations, lists and the server's steps, not a handful
            assertThat(v.records()).isGreaterThan(1000);
        });
    }

    @Test
    void aServerThatPublishesBeforeItPurgesIsRejected() throws Exception {
        Path source = specDir.toAbsolutePath().getParent()
                .resolve("impl/core/src/main/java/org/ptpmesh/rendezvous/RendezvousServer.java");
        ClassLoader mutant = MutantLoader.mutate(source,
                "        dropSilent(now, out);\n        publisher.sendDue(now, out, cause);\n",
                "        publisher.sendDue(now, out, cause);\n        dropSilent(now, out);\n", 1, work.resolve("mutant"),
                List.of(RendezvousScenario.class, RendezvousServer.class, Simulation.class));
        Path trace = work.resolve("mutant.ndjson");
        mutant.loadClass(RendezvousScenario.class.getName()).getMethod("write", Path.class, double.class)
                .invoke(null, trace, 0.0);
        TraceLog log = TraceLog.read(trace);

        List<TraceVerdict> verdicts = replay(log, "mutant");

        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.decided()).isTrue();
            assertThat(v.matched()).isFalse();
            TraceEvent unmatched = log.events().get(v.firstUnmatched());
            // the silent client passed the purge window just before this periodic publication
            assertThat(unmatched.event()).isEqualTo("Publish");
            assertThat(unmatched.params().get("clients")).isEqualTo(RendezvousScenario.CLIENTS - 1);
            TraceEvent next = log.events().get(v.firstUnmatched() + 1);
            assertThat(next.event()).isEqualTo("Purge");
            assertThat(((Number) next.params().get("silentFor")).longValue()).isGreaterThan(RendezvousScenario.PURGE_MS);
            assertThat(TraceReport.context(log, v, 2)).anyMatch(line -> line.startsWith(">>") && line.contains("\"Publish\""));
        });
    }

    @Test
    void aClientThatCompletesAListFromPagesOfTwoPublicationsIsRejected() throws Exception {
        Path source = specDir.toAbsolutePath().getParent()
                .resolve("impl/wire/src/main/java/org/ptpmesh/wire/list/ClientListAssembler.java");
        // the page of another LISTID joins the list being put together when the page count is the same
        ClassLoader mutant = MutantLoader.mutate(source, "        if (id != currentListId) {\n",
                "        if (pages == null || pages.length != n) {\n", 1, work.resolve("mixed"),
                List.of(RendezvousScenario.class, RendezvousServer.class, Simulation.class, ClientListAssembler.class));
        Path trace = work.resolve("mixed.ndjson");
        mutant.loadClass(RendezvousScenario.class.getName()).getMethod("write", Path.class, double.class)
                .invoke(null, trace, 0.1);
        TraceLog log = TraceLog.read(trace);

        List<TraceVerdict> verdicts = replay(log, "mixed");

        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.decided()).isTrue();
            assertThat(v.matched()).isFalse();
            TraceEvent unmatched = log.events().get(v.firstUnmatched());
            // a page of a new publication completed the list with a page of the one before
            assertThat(unmatched.event()).isEqualTo("ReceiveList");
            assertThat(unmatched.params().get("complete")).isEqualTo(true);
        });
    }

    private static List<TraceVerdict> replay(TraceLog log, String run) {
        RendezvousMapping mapping = new RendezvousMapping(RendezvousScenario.PURGE_MS,
                ServerConfig.defaults().toBuilder().purgeAfter(RendezvousScenario.PURGE_MS).build().purgeCheckEvery());
        return new TraceValidator(specDir, work.resolve(run), 120).validateAll(log, List.of(mapping), node -> true, 1,
                v -> { });
    }
}
