package org.ptpmesh.tracefile;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.ptpmesh.trace.NdjsonTraceWriter;
import org.ptpmesh.trace.TraceEvent;

/**
 * One process's {@code --trace FILE}: every protocol step of the nodes it runs, one NDJSON line
 * each as {@link NdjsonTraceWriter} writes them (the format of {@code ptpmesh sim --trace}).
 *
 * <p>A process runs several nodes whose names are fixed by the core ("natcheck", "server"), and
 * two ptpclients run the same ones, so each node is written as {@code PROCESS/NODE}: the traces
 * of several processes can then be replayed together ({@code ptpconform trace A B C}) without
 * two processes' steps being taken for one node's. Times are the runtime's clock, Unix epoch
 * milliseconds, which is what makes the files of processes on one machine comparable.
 *
 * <p>Every line is flushed as it is written, so a process that is killed leaves a trace ending
 * with its last whole step. A write that fails (disk full) is reported once and ends the trace;
 * the node keeps running, as a trace is a record of the protocol, not part of it.
 */
public final class TraceFile implements Consumer<TraceEvent>, Closeable {

    /** Longest process name: it is repeated on every line. */
    public static final int MAX_PROCESS_NAME = 64;

    private final NdjsonTraceWriter out;
    private final String process;
    private final Consumer<IOException> onFailure;
    private boolean failed;

    private TraceFile(NdjsonTraceWriter out, String process, Consumer<IOException> onFailure) {
        this.out = out;
        this.process = process;
        this.onFailure = onFailure;
    }

    /**
     * Creates or truncates {@code file}.
     *
     * @param process   the process's name in front of each node's (see {@link #checkProcessName})
     * @param onFailure hears of the first write that failed; nothing more is written after it
     */
    public static TraceFile open(Path file, String process, Consumer<IOException> onFailure) {
        checkProcessName(process);
        try {
            return new TraceFile(NdjsonTraceWriter.to(file), process, onFailure);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the trace to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A process name is 1 to {@value #MAX_PROCESS_NAME} printable ASCII characters without a
     * slash or a space: the slash separates it from the node's name, and a report prints the
     * name in a column.
     */
    public static String checkProcessName(String process) {
        if (process == null || !process.matches("[!-.0-~]{1," + MAX_PROCESS_NAME + "}")) {
            throw new IllegalArgumentException("a trace node name is 1 to " + MAX_PROCESS_NAME
                    + " printable ASCII characters without '/' or spaces, got '" + process + "'");
        }
        return process;
    }

    /** The name {@code node} of this process has in the trace. */
    public String nameOf(String node) {
        return process + "/" + node;
    }

    @Override
    public synchronized void accept(TraceEvent event) {
        if (failed) {
            return;
        }
        try {
            out.accept(new TraceEvent(event.event(), nameOf(event.node()), event.time(), event.params(), event.state()));
            out.flush();
        } catch (IOException | UncheckedIOException e) {
            failed = true;
            onFailure.accept(e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
