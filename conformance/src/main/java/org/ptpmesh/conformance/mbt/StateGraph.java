package org.ptpmesh.conformance.mbt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model's complete state graph as TLC explored it: every distinct state (its variables), the
 * initial ones, and every transition with the name of the action that took it.
 */
public final class StateGraph {

    /** One transition: from a state to a state by an action. */
    public record Edge(String from, String to, String action) {
    }

    private final Map<String, Map<String, Object>> states;
    private final List<String> initial;
    private final List<Edge> edges;
    private Map<String, Edge> reachedBy;

    public StateGraph(Map<String, Map<String, Object>> states, List<String> initial, List<Edge> edges) {
        this.states = Map.copyOf(states);
        this.initial = List.copyOf(initial);
        this.edges = List.copyOf(edges);
        for (Edge e : edges) {
            if (!states.containsKey(e.from()) || !states.containsKey(e.to())) {
                throw new IllegalArgumentException("transition " + e + " names a state the graph does not hold");
            }
        }
    }

    public Map<String, Object> state(String id) {
        return states.get(id);
    }

    public int stateCount() {
        return states.size();
    }

    public List<String> initial() {
        return initial;
    }

    public List<Edge> edges() {
        return edges;
    }

    /**
     * A shortest path of transitions from an initial state to {@code state} (empty when it is
     * initial), found breadth-first; the first element's {@code from} is that initial state.
     */
    public List<Edge> pathTo(String state) {
        if (reachedBy == null) {
            reachedBy = breadthFirst();
        }
        List<Edge> path = new ArrayList<>();
        for (String s = state; !initial.contains(s); s = path.get(path.size() - 1).from()) {
            Edge e = reachedBy.get(s);
            if (e == null) {
                throw new IllegalArgumentException("state " + state + " is not reachable from an initial state");
            }
            path.add(e);
        }
        Collections.reverse(path);
        return path;
    }

    private Map<String, Edge> breadthFirst() {
        Map<String, List<Edge>> out = new HashMap<>();
        edges.forEach(e -> out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e));
        Map<String, Edge> by = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(initial);
        Set<String> seen = new HashSet<>(initial);
        while (!queue.isEmpty()) {
            String s = queue.poll();
            for (Edge e : out.getOrDefault(s, List.of())) {
                if (seen.add(e.to())) {
                    by.put(e.to(), e);
                    queue.add(e.to());
                }
            }
        }
        return by;
    }
}
