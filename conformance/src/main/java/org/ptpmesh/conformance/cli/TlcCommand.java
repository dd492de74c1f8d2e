package org.ptpmesh.conformance.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ptpmesh.cli.Cli;
import org.ptpmesh.conformance.tla.Manifest;
import org.ptpmesh.conformance.tla.ModelEntry;
import org.ptpmesh.conformance.tla.ModelKind;
import org.ptpmesh.conformance.tla.ModelSuite;
import org.ptpmesh.conformance.tla.TlcRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ptpconform tlc [MODEL...]}: runs TLC on the manifest's models and compares the results. */
@Command(name = "tlc",
        mixinStandardHelpOptions = true,
        description = {
            "Model-check spec/ with TLC and compare every result with spec/manifest.json.",
            "Checks must pass with the recorded number of distinct states and depth; "
                + "reachability models and mutants must produce their counterexample.",
            "A model that lists covered actions in the manifest (\"covers\") runs with TLC's -coverage "
                + "and fails when one of them never fired.",
            "With no MODEL, runs every CI model (seconds each); with --large, every large "
                + "one instead (minutes each: mind --timeout); with --simulate, the long random "
                + "simulations at the implementation's constants (CI runs a short slice of each). "
                + "A MODEL is a model name (MCKeepalive) or a specification name (Keepalive) for all of its models.",
            "Each model's line is printed as soon as TLC finishes it.",
            ""},
        footer = {"", "Exit codes: 0 every model as the manifest says, 1 a model differs, 2 usage error.",
            "TLC's full output for each model is kept in the work directory (<model>.out)."})
public final class TlcCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL", arity = "0..*", description = "Models or specifications to run.")
    List<String> models = new ArrayList<>();

    @Option(names = "--large", description = "Run the large configurations instead of the CI ones.")
    boolean large;

    @Option(names = "--simulate", description = "Run the long simulations (kind simulate, large) instead of the CI models.")
    boolean simulate;

    @Option(names = "--traces", paramLabel = "N",
            description = "Simulate models: run N traces instead of the manifest's count (same seed, so the first traces are the same).")
    Integer traces;

    @Option(names = "--list", description = "List the models and what the manifest expects, run nothing.")
    boolean list;

    @Option(names = "--json", description = "Print the results as JSON.")
    boolean json;


    @CommandLine.Mixin
    SpecOptions location;

    @Option(names = "--workers", defaultValue = "1", description = "TLC workers per model (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--parallel", defaultValue = "2",
            description = "Models run side by side (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--timeout", defaultValue = "1800", paramLabel = "SECONDS",
            description = "Kill a TLC run after this long, 0 for never (default: ${DEFAULT-VALUE}).")
    long timeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path dir = location.specDir();
        Manifest manifest = Manifest.load(dir);
        List<ModelEntry> selected = select(manifest);
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            selected.forEach(m -> out.println(ResultTable.describe(m)));
            return Cli.EXIT_OK;
        }
        if (workers < 1 || parallel < 1 || timeout < 0 || (traces != null && traces < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--workers, --parallel and --traces must be at least 1 and --timeout 0 (no limit) or more; got "
                            + workers + ", " + parallel + ", " + traces + " and " + timeout);
        }
        if (traces != null) {
            selected = selected.stream().map(m -> m.withTraces(traces)).toList();
        }
        Path work = location.workDir("tlc");
        TlcRunner runner = new TlcRunner(dir, work, workers, timeout);
        ResultTable table = ResultTable.of(selected);
        if (!json) {
            out.println(table.header());
            out.flush();
        }
        List<ModelSuite.Result> results = new ModelSuite(runner, parallel).run(selected, r -> {
            if (!json) {
                out.println(table.row(r));
                r.mismatches().forEach(problem -> out.println("    " + problem + "; see " + runner.outputFile(r.model())));
                out.flush();
            }
        });
        long failed = results.stream().filter(r -> !r.ok()).count();
        if (json) {
            printJson(out, results);
        } else {
            double total = results.stream().mapToDouble(r -> r.run().seconds()).sum();
            out.printf("%d model(s), %d as expected, %d not; %.1f s of TLC time%n",
                    results.size(), results.size() - failed, failed, total);
        }
        return failed == 0 ? Cli.EXIT_OK : Cli.EXIT_BAD_INPUT;
    }

    private List<ModelEntry> select(Manifest manifest) {
        if (simulate && large) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--simulate and --large choose different models: give one of them");
        }
        if (models.isEmpty()) {
            return simulate ? manifest.simulations() : manifest.suite(large);
        }
        LinkedHashSet<ModelEntry> chosen = new LinkedHashSet<>();
        for (String name : models) {
            chosen.addAll(simulate
                    ? manifest.select(name, true).stream().filter(m -> m.kind() == ModelKind.SIMULATE).toList()
                    : manifest.select(name, large));
        }
        return List.copyOf(chosen);
    }

    private static void printJson(PrintWriter out, List<ModelSuite.Result> results) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ModelSuite.Result r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", r.model().name());
            row.put("kind", r.model().kind());
            row.put("expected", r.model().expect());
            row.put("run", r.run());
            row.put("ok", r.ok());
            row.put("mismatches", r.mismatches());
            rows.add(row);
        }
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
    }
}
