package org.ptpmesh.conformance.mbt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Model-based tests from a state graph: one test case per transition, which drives the
 * implementation along a shortest path from an initial state to the transition's source and
 * then takes the transition. A transition is covered when its test case passes.
 *
 * @param states   states of the graph
 * @param edges    transitions of the graph
 * @param covered  transitions whose test case passed
 * @param byAction transitions per action name, and how many of them passed
 * @param failures the first failures, each with the path that led to it
 */
public record EdgeCoverage(int states, int edges, int covered, Map<String, int[]> byAction, List<String> failures) {

    private static final int FAILURES_KEPT = 10;

    /** Runs one test case per transition of {@code graph}, each on a fresh adapter. */
    public static EdgeCoverage run(StateGraph graph, Function<Map<String, Object>, ModelAdapter> fresh) {
        int covered = 0;
        Map<String, int[]> byAction = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (StateGraph.Edge edge : graph.edges()) {
            int[] counts = byAction.computeIfAbsent(edge.action(), a -> new int[2]);
            counts[0]++;
            List<StateGraph.Edge> path = new ArrayList<>(graph.pathTo(edge.from()));
            path.add(edge);
            int step = 0;
            try {
                ModelAdapter adapter = fresh.apply(graph.state(path.get(0).from()));
                for (; step < path.size(); step++) {
                    StateGraph.Edge e = path.get(step);
                    adapter.apply(e.action(), graph.state(e.from()), graph.state(e.to()));
                }
                covered++;
                counts[1]++;
            } catch (AssertionError | RuntimeException e) {
                if (failures.size() < FAILURES_KEPT) {
                    failures.add(describe(graph, path, step, e));
                }
            }
        }
        return new EdgeCoverage(graph.stateCount(), graph.edges().size(), covered, byAction, failures);
    }

    private static String describe(StateGraph graph, List<StateGraph.Edge> path, int step, Throwable e) {
        StringBuilder s = new StringBuilder("transition ").append(path.get(path.size() - 1).action())
                .append(" failed at step ").append(step + 1).append(" of ").append(path.size()).append(": ")
                .append(e.getMessage()).append("\n  path:");
        for (int k = 0; k <= Math.min(step, path.size() - 1); k++) {
            s.append(' ').append(path.get(k).action());
        }
        if (step < path.size()) {
            s.append("\n  from: ").append(graph.state(path.get(step).from()))
                    .append("\n  to:   ").append(graph.state(path.get(step).to()));
        }
        return s.toString();
    }

    public double percent() {
        return edges == 0 ? 100.0 : 100.0 * covered / edges;
    }

    /** One line: states, transitions, covered, and per action. */
    public String summary() {
        StringBuilder s = new StringBuilder(String.format("%d states, %d transitions, %d covered (%.1f%%):", states,
                edges, covered, percent()));
        byAction.forEach((action, c) -> s.append(' ').append(action).append(' ').append(c[1]).append('/').append(c[0]));
        return s.toString();
    }
}
