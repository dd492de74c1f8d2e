package org.ptpmesh.conformance.tla;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (ModelEntry model : models) {
                futures.add(pool.submit(() -> {
                    TlcRun run = runner.run(model);
                    Result result = new Result(model, run, Expectation.mismatches(model, run));
                    synchronized (onResult) {
                        onResult.accept(result);
                    }
                    return result;
                }));
            }
            List<Result> results = new ArrayList<>();
            for (Future<Result> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running TLC", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("TLC run failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
