package org.ptpmesh.conformance.tla;

import java.util.List;
import java.util.function.Consumer;

/**
 * Runs several models, a few TLC JVMs at a time. Small models are dominated by JVM start-up,
 * so two single-worker runs side by side beat one two-worker run after another on 2 cores.
 */
public final class ModelSuite {

    /** One model's run and how it compares with the manifest. */
    public record Result(ModelEntry model, TlcRun run, List<String> mismatches) {
        public boolean ok() {
            return mismatches.isEmpty();
        }
    }

    private final TlcRunner runner;
    private final int parallel;

    public ModelSuite(TlcRunner runner, int parallel) {
        this.runner = runner;
        this.parallel = Math.max(1, parallel);
    }

    /** Runs the models; {@code onResult} hears of each as it finishes. Results keep manifest order. */
    public List<Result> run(List<ModelEntry> models, Consumer<Result> onResult) {
        return TlcPool.run(models, parallel, model -> {
            TlcRun run = runner.run(model);
            return new Result(model, run, Expectation.mismatches(model, run));
        }, onResult);
    }
}
