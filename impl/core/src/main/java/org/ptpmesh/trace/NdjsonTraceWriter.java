package org.ptpmesh.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;
import org.ptpmesh.wire.Endpoint;

/**
 * Writes trace events as NDJSON: one JSON object per line with the fields {@code event},
 * {@code node}, {@code time}, {@code params}, {@code state}, in that order. Maps keep their
 * insertion order, so a deterministic run gives a byte-identical file. Addresses are written as
 * text ({@code 203.0.113.5}, {@code 203.0.113.5:3456}) because that is how the specification's
 * trace reader compares them. A streaming generator (the codec's own JSON library) writes each
 * line, so the core needs no object mapper.
 */
public final class NdjsonTraceWriter implements Consumer<TraceEvent>, Flushable, Closeable {

    /** Names and other text from the network go into trace files escaped as {@link Printable} says. */
    private static final JsonFactory JSON = new JsonFactory().setCharacterEscapes(Printable.JSON_ESCAPES);

    private final Writer out;

    public NdjsonTraceWriter(Writer out) {
        this.out = out;
    }

    /** Writes UTF-8 to {@code out}; closing the writer closes the stream. */
    public static NdjsonTraceWriter to(OutputStream out) {
        return new NdjsonTraceWriter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
    }

    /** Creates or truncates {@code file}. */
    public static NdjsonTraceWriter to(Path file) throws IOException {
        return new NdjsonTraceWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    /** One event as its NDJSON line, without the line break. */
    public static String toLine(TraceEvent event) {
        StringWriter line = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(line)) {
            g.writeStartObject();
            g.writeStringField("event", event.event());
            g.writeStringField("node", event.node());
            g.writeNumberField("time", event.time());
            g.writeFieldName("params");
            writeValue(g, event.params(), event);
            g.writeFieldName("state");
            writeValue(g, event.state(), event);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a string writer failed", e);
        }
        return line.toString();
    }

    private static void writeValue(JsonGenerator g, Object value, TraceEvent event) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof Float f) {
            g.writeNumber(f);
        } else if (value instanceof BigInteger n) {
            g.writeNumber(n);
        } else if (value instanceof BigDecimal n) {
            g.writeNumber(n);
        } else if (value instanceof Endpoint e) {
            g.writeString(e.toString());
        } else if (value instanceof InetAddress a) {
            g.writeString(a.getHostAddress());
        } else if (value instanceof Enum<?> e) {
            g.writeString(e.name());
        } else if (value instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> entry : m.entrySet()) {
                g.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(g, entry.getValue(), event);
            }
            g.writeEndObject();
        } else if (value instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object element : c) {
                writeValue(g, element, event);
            }
            g.writeEndArray();
        } else {
            throw new IllegalArgumentException("trace event " + event.event() + " holds a "
                    + value.getClass().getName() + ", which a trace line cannot express");
        }
    }

    @Override
    public void accept(TraceEvent event) {
        try {
            out.write(toLine(event));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("writing the trace failed", e);
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
