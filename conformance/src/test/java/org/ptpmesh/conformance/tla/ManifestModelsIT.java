package org.ptpmesh.conformance.tla;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The build's TLC gate: every CI model of spec/manifest.json runs through the same runner as
 * {@code ptpconform tlc} and must end as the manifest says. A reachability model or mutant that
 * passes fails the build, and so does any drift in a check's state count or depth, or a
 * covered action (the manifest's "covers") that never fires. The CI
 * models are kept small: one that runs longer than two minutes is killed and fails, and the
 * whole suite must finish within ten.
 */
class ManifestModelsIT {

    static final long MODEL_LIMIT_SECONDS = 120;
    static final Duration SUITE_LIMIT = Duration.ofMinutes(10);
    static final List<String> COVERAGE_GATED = List.of("Rendezvous", "NatTraversal", "Keepalive");

    private static Path specDir;
    private static Manifest manifest;

    @BeforeAll
    static void load() throws IOException {
        specDir = SpecLocator.searchUp(Path.of("").toAbsolutePath())
                .orElseThrow(() -> new IllegalStateException("spec/manifest.json not found above "
                        + Path.of("").toAbsolutePath()));
        manifest = Manifest.load(specDir);
    }

    @Test
    void everyModelFileExistsAndEverySpecHasAllKinds() {
        for (ModelEntry m : manifest.models()) {
            assertThat(specDir.resolve(m.module())).as(m.name()).isRegularFile();
            assertThat(specDir.resolve(m.cfg())).as(m.name()).isRegularFile();
        }
        for (String spec : List.of("Rendezvous", "NatTraversal", "Keepalive", "BulkTransfer")) {
            List<ModelEntry> ci = manifest.suite(false).stream().filter(m -> spec.equals(m.spec())).toList();
            assertThat(ci).as(spec + " CI models").extracting(ModelEntry::kind)
                    .contains(ModelKind.CHECK, ModelKind.REACHABILITY, ModelKind.MUTANT);
            assertThat(manifest.suite(true)).as(spec + " large model").anyMatch(m -> spec.equals(m.spec()));
        }
    }

    /** The coverage gate applies to every CI check of the specifications that declare it. */
    @Test
    void everyCiCheckNamesTheActionsItCovers() {
        for (ModelEntry m : manifest.suite(false)) {
            if (m.kind() == ModelKind.CHECK && COVERAGE_GATED.contains(m.spec())) {
                assertThat(m.covers()).as(m.name() + " covers").isNotEmpty();
            }
        }
    }

    @Test
    void everyCfgInSpecIsInTheManifest() throws IOException {
        try (Stream<Path> files = Files.list(specDir)) {
            List<String> cfgs = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cfg")).toList();
            assertThat(manifest.models()).extracting(ModelEntry::cfg).containsAll(cfgs);
        }
    }

    @TestFactory
    Stream<DynamicTest> ciModelsEndAsTheManifestSays() {
        TlcRunner runner = new TlcRunner(specDir, Path.of("target", "tlc"), 1, MODEL_LIMIT_SECONDS);
        long start = System.nanoTime();
        List<ModelSuite.Result> results = new ModelSuite(runner, 2).run(manifest.suite(false), r -> { });
        Duration suite = Duration.ofNanos(System.nanoTime() - start);
        Stream<DynamicTest> models = results.stream().map(r -> DynamicTest.dynamicTest(r.model().name(),
                () -> assertThat(r.mismatches())
                        .as("%s (TLC output: %s)", r.model().name(), runner.outputFile(r.model()))
                        .isEmpty()));
        return Stream.concat(models, Stream.of(DynamicTest.dynamicTest("CI suite within " + SUITE_LIMIT,
                () -> assertThat(suite).as("wall time of the %d CI models", results.size())
                        .isLessThanOrEqualTo(SUITE_LIMIT))));
    }
}
