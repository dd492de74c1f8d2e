package org.ptpmesh.conformance.tla;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/** Runs TLC jobs side by side (each forks its own JVM), reporting each result as it finishes. */
public final class TlcPool {

    private TlcPool() {
    }

    /**
     * Applies {@code job} to every item, {@code parallel} at a time; {@code onResult} hears of
     * each result as it finishes, one at a time. The results keep the items' order.
     */
    public static <T, R> List<R> run(List<T> items, int parallel, Function<T, R> job, Consumer<R> onResult) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> {
                    R result = job.apply(item);
                    synchronized (onResult) {
                        onResult.accept(result);
                    }
                    return result;
                }));
            }
            List<R> results = new ArrayList<>();
            for (Future<R> f : futures) {
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
