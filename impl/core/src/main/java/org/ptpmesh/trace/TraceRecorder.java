package org.ptpmesh.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** Keeps trace events in memory, in arrival order, for tests and for the run summary. */
public final class TraceRecorder implements Consumer<TraceEvent> {

    private final List<TraceEvent> events = new ArrayList<>();

    @Override
    public void accept(TraceEvent event) {
        events.add(event);
    }

    public List<TraceEvent> events() {
        return Collections.unmodifiableList(events);
    }

    /** The events named {@code event}, in order. */
    public List<TraceEvent> events(String event) {
        List<TraceEvent> named = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e.event().equals(event)) {
                named.add(e);
            }
        }
        return named;
    }
}
