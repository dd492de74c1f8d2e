package org.ptpmesh.conformance.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ptpmesh.cli.BoundedLineReader;
import org.ptpmesh.cli.InputDefaults;
import org.ptpmesh.trace.TraceEvent;

/**
 * An NDJSON trace as {@code ptpmesh sim --trace} (or any implementation) writes it: one
 * {@link TraceEvent} a line, with the line it came from so a report can quote it. A log may
 * hold the events of several files ({@link TraceMerge}); each event keeps its file and line.
 */
public final class TraceLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where an event was read: its file's name and its line number there. */
    record Origin(String file, int line) {
    }

    private final String name;
    private final List<TraceEvent> events;
    private final List<String> lines;
    private final List<Origin> origins;

    /** Events read from one file called {@code name}, event k from its line k + 1. */
    TraceLog(String name, List<TraceEvent> events, List<String> lines) {
        this(name, events, lines, numbered(name, events.size()));
    }

    TraceLog(String name, List<TraceEvent> events, List<String> lines, List<Origin> origins) {
        this.name = name;
        this.events = List.copyOf(events);
        this.lines = List.copyOf(lines);
        this.origins = List.copyOf(origins);
    }

    private static List<Origin> numbered(String name, int count) {
        List<Origin> origins = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            origins.add(new Origin(name, k + 1));
        }
        return origins;
    }

    /**
     * Reads {@code file}; a line that is not a trace event, not UTF-8, or longer than
     * {@link InputDefaults#TRACE_LINE_MAX_BYTES} is refused with its number.
     */
    public static TraceLog read(Path file) throws IOException {
        List<TraceEvent> events = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<Origin> origins = new ArrayList<>();
        String name = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            BoundedLineReader reader = new BoundedLineReader(in, InputDefaults.TRACE_LINE_MAX_BYTES);
            BoundedLineReader.Line raw;
            while ((raw = reader.next()) != null) {
                String problem = raw.problem();
                if (problem != null) {
                    throw new TraceFormatException(file + ":" + raw.number() + ": " + problem);
                }
                String line = raw.text().strip();
                if (line.isEmpty()) {
                    continue;
                }
                events.add(parse(file, raw.number(), line));
                lines.add(line);
                origins.add(new Origin(name, raw.number()));
            }
        }
        if (events.isEmpty()) {
            throw new TraceFormatException(file + " holds no trace events: write one with ptpmesh sim --trace FILE");
        }
        return new TraceLog(name, events, lines, origins);
    }

    private static TraceEvent parse(Path file, int lineNumber, String line) {
        Map<String, Object> m;
        try {
            m = JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new TraceFormatException(file + ":" + lineNumber + ": not a JSON object ("
                    + e.getOriginalMessage() + ")");
        }
        if (!(m.get("event") instanceof String event) || !(m.get("node") instanceof String node)
                || !(m.get("time") instanceof Number time)) {
            throw new TraceFormatException(file + ":" + lineNumber
                    + ": a trace event needs a string \"event\", a string \"node\" and a number \"time\"");
        }
        return new TraceEvent(event, node, time.longValue(), map(m.get("params")), map(m.get("state")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    public String name() {
        return name;
    }

    public List<TraceEvent> events() {
        return events;
    }

    /** The NDJSON line of event {@code index}. */
    public String line(int index) {
        return lines.get(index);
    }

    /** Where event {@code index} was read. */
    Origin origin(int index) {
        return origins.get(index);
    }

    /** Nodes in order of their first event. */
    public Set<String> nodes() {
        Set<String> nodes = new LinkedHashSet<>();
        events.forEach(e -> nodes.add(e.node()));
        return nodes;
    }

    /** Indexes (into {@link #events()}) of the events of {@code node}, in order. */
    public List<Integer> indexesOf(String node) {
        List<Integer> indexes = new ArrayList<>();
        for (int k = 0; k < events.size(); k++) {
            if (events.get(k).node().equals(node)) {
                indexes.add(k);
            }
        }
        return indexes;
    }
}
