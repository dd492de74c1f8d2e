package org.ptpmesh.trace;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Builds a node's trace events, the one way every node does it:
 * {@code tracer.step(out, now, NatTraversalAction.SEND_PING).param("to", id).log()}.
 * Parameters keep the order they are given in and the node's state is described after them, so
 * one seed gives the same trace bytes in every JVM (a {@code Map.of} would not: its iteration
 * order changes from one JVM start to the next).
 */
public final class Tracer {

    private final String node;
    private final Consumer<Map<String, Object>> state;
    private final BooleanSupplier recording;

    /**
     * @param node  the node's name in trace lines
     * @param state writes the node's state after a step, in a fixed order, into the map given
     */
    public Tracer(String node, Consumer<Map<String, Object>> state) {
        this(node, state, () -> true);
    }

    /**
     * @param recording whether events are built at all: a driver that records none spares a hot
     *                  path (a block transfer logs three steps per block) the cost of building them
     */
    public Tracer(String node, Consumer<Map<String, Object>> state, BooleanSupplier recording) {
        this.node = node;
        this.state = state;
        this.recording = recording;
    }

    /** The same node and switch, describing a different part's state (one transfer among many, say). */
    public Tracer withState(Consumer<Map<String, Object>> partState) {
        return new Tracer(node, partState, recording);
    }

    /** Starts the event of one step; nothing is written until {@link Step#log()}. */
    public Step step(TraceSink out, long now, TraceAction action) {
        return recording.getAsBoolean() ? new Step(this, out, now, action) : Step.IGNORED;
    }

    private void write(TraceSink out, long now, TraceAction action, Map<String, Object> params) {
        Map<String, Object> after = new LinkedHashMap<>();
        state.accept(after);
        out.trace(new TraceEvent(action.actionName(), node, now, params, after));
    }

    /** One step's event under construction. */
    public static final class Step {

        /** What a tracer that records nothing hands out: it keeps no parameters and writes nothing. */
        private static final Step IGNORED = new Step(null, null, 0, null);

        private final Tracer tracer;
        private final TraceSink out;
        private final long now;
        private final TraceAction action;
        private final Map<String, Object> params = new LinkedHashMap<>();

        private Step(Tracer tracer, TraceSink out, long now, TraceAction action) {
            this.tracer = tracer;
            this.out = out;
            this.now = now;
            this.action = action;
        }

        /** Adds a parameter after those added before. */
        public Step param(String key, Object value) {
            if (tracer != null) {
                params.put(key, value);
            }
            return this;
        }

        /** Writes the event with the node's state as it is now, after the step. */
        public void log() {
            if (tracer != null) {
                tracer.write(out, now, action, params);
            }
        }
    }
}
