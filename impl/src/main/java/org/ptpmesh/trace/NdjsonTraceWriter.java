package org.ptpmesh.trace;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.ptpmesh.wire.Endpoint;

/**
 * Writes trace events as NDJSON: one JSON object per line with the fields {@code event},
 * {@code node}, {@code time}, {@code params}, {@code state}, in that order. Maps keep their
 * insertion order, so a deterministic run gives a byte-identical file. Addresses are written as
 * text ({@code 203.0.113.5}, {@code 203.0.113.5:3456}) because that is how the specification's
 * trace reader compares them.
 */
public final class NdjsonTraceWriter implements Consumer<TraceEvent>, Flushable, Closeable {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new SimpleModule()
            .addSerializer(Endpoint.class, new AsText<>(Endpoint.class, Endpoint::toString))
            .addSerializer(InetAddress.class, new AsText<>(InetAddress.class, InetAddress::getHostAddress)));

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
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", event.event());
        line.put("node", event.node());
        line.put("time", event.time());
        line.put("params", event.params());
        line.put("state", event.state());
        try {
            return JSON.writeValueAsString(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("trace event " + event.event() + " holds a value JSON cannot express", e);
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

    private static final class AsText<T> extends StdSerializer<T> {

        private static final long serialVersionUID = 1L;

        private final transient Function<T, String> text;

        AsText(Class<T> type, Function<T, String> text) {
            super(type);
            this.text = text;
        }

        @Override
        public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(text.apply(value));
        }
    }
}
