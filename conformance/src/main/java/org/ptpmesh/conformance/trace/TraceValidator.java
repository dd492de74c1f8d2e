package org.ptpmesh.conformance.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ptpmesh.conformance.tla.ModelEntry;
import org.ptpmesh.conformance.tla.ModelKind;
import org.ptpmesh.conformance.tla.SpecWorkspace;
import org.ptpmesh.conformance.tla.TlcRun;
import org.ptpmesh.conformance.tla.TlcPool;
import org.ptpmesh.conformance.tla.TlcRunner;
import org.ptpmesh.conformance.tla.TlcVerdict;

/**
 * Replays mapped traces through TLC. Each replay is a reachability question: is there a
 * behaviour of the trace specification in which every record is matched? TLC answers it by
 * violating {@code TraceMatched}, or, for a specification whose witness is too large to print,
 * by {@code TraceProgress} printing every record matched; otherwise the longest prefix it
 * matched names the first event the model cannot produce.
 */
public final class TraceValidator {

    static final String GOAL = "TraceMatched";
    private static final Pattern PROGRESS = Pattern.compile("<<\"TRACE_INDEX\", (\\d+)>>");
    /** The longest prefix matched with a timing assumption broken (spec/trace/TraceNatTraversal.tla). */
    private static final Pattern RELAXED = Pattern.compile("<<\"TRACE_RELAXED\", (\\d+)>>");

    private final Path specDir;
    private final Path workDir;
    private final long timeoutSeconds;

    /**
     * @param specDir        spec/, holding the models and spec/trace/
     * @param workDir        where each replay gets its own directory (generated module, TLC output)
     * @param timeoutSeconds a replay that takes longer is reported as an error
     */
    public TraceValidator(Path specDir, Path workDir, long timeoutSeconds) {
        this.specDir = specDir.toAbsolutePath();
        this.workDir = workDir.toAbsolutePath();
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Where the generated module and TLC's output of a replay go. */
    public Path runDir(String mapping, String node) {
        return workDir.resolve(mapping + "-" + safe(node));
    }

    /**
     * Replays every node of {@code log} that {@code nodes} accepts through every mapping,
     * {@code parallel} TLC runs at a time; {@code onVerdict} hears of each as it finishes.
     */
    public List<TraceVerdict> validateAll(TraceLog log, List<TraceMapping> mappings, Predicate<String> nodes,
                                          int parallel, Consumer<TraceVerdict> onVerdict) {
        record Job(String mapping, MappedTrace trace) {
        }
        List<Job> jobs = new ArrayList<>();
        for (TraceMapping m : mappings) {
            m.map(log).stream().filter(t -> nodes.test(t.node())).forEach(t -> jobs.add(new Job(m.name(), t)));
        }
        return TlcPool.run(jobs, parallel, job -> validate(job.mapping(), job.trace()), onVerdict);
    }

    public TraceVerdict validate(String mapping, MappedTrace trace) {
        try {
            return validateChecked(mapping, trace);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replay the trace of " + trace.node(), e);
        }
    }

    private TraceVerdict validateChecked(String mapping, MappedTrace trace) throws IOException {
        if (trace.records().isEmpty()) {
            return new TraceVerdict(mapping, trace.node(), true, 0, 0, -1, 0, null);
        }
        Path dir = SpecWorkspace.prepare(specDir, List.of("trace"), runDir(mapping, trace.node()));
        String module = "Trace_" + safe(trace.node());
        TraceModuleWriter.write(dir, module, trace);
        ModelEntry entry = new ModelEntry(module, trace.specModule(), module + ".tla", module + ".cfg",
                ModelKind.REACHABILITY, false, TlcVerdict.SAFETY_VIOLATION, GOAL, null, null,
                "replay of the trace of " + trace.node(), List.of(), null);
        TlcRunner runner = new TlcRunner(dir, dir, 1, timeoutSeconds);
        TlcRun run = runner.run(entry);
        int total = trace.records().size();
        if (run.verdict() == TlcVerdict.SAFETY_VIOLATION && GOAL.equals(run.violated())) {
            return new TraceVerdict(mapping, trace.node(), true, total, total, -1, run.seconds(), null);
        }
        if (run.verdict() == TlcVerdict.PASS) {
            String output = Files.readString(runner.outputFile(entry));
            int reached = longestPrefix(output, PROGRESS);
            if (reached == total) {
                // a trace specification that does not print its witness (TraceRendezvous)
                return new TraceVerdict(mapping, trace.node(), true, total, total, -1, run.seconds(), null);
            }
            return new TraceVerdict(mapping, trace.node(), false, total, reached, trace.sources().get(reached),
                    run.seconds(), null, longestPrefix(output, RELAXED) == total);
        }
        String why = run.message() != null ? run.message() : "TLC ended with " + run.verdict().label();
        return new TraceVerdict(mapping, trace.node(), false, total, 0, -1, run.seconds(),
                why + " (see " + runner.outputFile(entry) + ")");
    }

    static int longestPrefix(String tlcOutput) {
        return longestPrefix(tlcOutput, PROGRESS);
    }

    private static int longestPrefix(String tlcOutput, Pattern progress) {
        int best = 0;
        Matcher m = progress.matcher(tlcOutput);
        while (m.find()) {
            best = Math.max(best, Integer.parseInt(m.group(1)));
        }
        return best;
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "_");
    }
}
