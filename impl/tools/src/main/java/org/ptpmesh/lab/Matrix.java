package org.ptpmesh.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The connectivity matrix: for every ordered pair of NAT kinds, a fresh lab with peer a behind
 * the first and peer b behind the second; a asks to connect to b ({@link TwoPeers#connect}).
 * A peer behind a {@code dual} router is dual-stack, as a host there would be; a peer behind
 * {@code fw6} works on IPv6, every other peer on IPv4 ({@link TwoPeers#startDualStack}).
 */
public final class Matrix {

    private Matrix() {
    }

    /**
     * Runs every pair of {@code kinds}, {@code parallel} labs at a time, reporting each result to
     * {@code progress} as it ends; returns the results in row order (from, then to).
     */
    public static List<PairResult> run(List<LabNat> kinds, PairOptions options, int parallel, Consumer<PairResult> progress) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<PairResult>> futures = new ArrayList<>();
            for (LabNat from : kinds) {
                for (LabNat to : kinds) {
                    futures.add(pool.submit(() -> {
                        PairResult r = runPair(from, to, options);
                        progress.accept(r);
                        return r;
                    }));
                }
            }
            List<PairResult> results = new ArrayList<>();
            for (Future<PairResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("matrix interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new LabException("a matrix pair failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private static PairResult runPair(LabNat from, LabNat to, PairOptions options) {
        Path pairDir = Path.of(from.label() + "-" + to.label());
        PairOptions own = options.captureDir() == null ? options : options.withCaptures(options.captureDir().resolve(pairDir));
        own = options.traceDir() == null ? own : own.withTraces(options.traceDir().resolve(pairDir));
        try (TwoPeers pair = TwoPeers.startDualStack(from, to, own)) {
            pair.awaitClassified(10_000);
            return pair.connect();
        }
    }
}
