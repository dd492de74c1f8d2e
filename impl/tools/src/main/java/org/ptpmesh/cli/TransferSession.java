package org.ptpmesh.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.ptpmesh.net.DatagramTap;
import org.ptpmesh.net.ReceiveBuffer;
import org.ptpmesh.net.UdpRuntime;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.trace.NdjsonTraceWriter;
import org.ptpmesh.trace.Printable;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.transfer.Offer;
import org.ptpmesh.transfer.Route;
import org.ptpmesh.transfer.TransferConfig;
import org.ptpmesh.transfer.TransferListener;
import org.ptpmesh.transfer.TransferReport;
import org.ptpmesh.wire.Endpoint;

/**
 * Runs a transfer node on real UDP for {@code ptpmesh send}, {@code receive}, {@code serve} and
 * {@code fetch}: a progress bar
 * on a terminal, the trace file, and at the end one summary line (plain or JSON) per finished
 * transfer. The node runs on the runtime's thread; this one only watches.
 */
final class TransferSession implements TransferListener {

    /** Names (and the details naming them) come from the network: written with {@link Printable}'s escapes. */
    private static final ObjectMapper JSON = new ObjectMapper(new JsonFactory().setCharacterEscapes(Printable.JSON_ESCAPES));
    /**
     * A finished receiver stays until the sender has been quiet this many offer periods: a
     * sender whose DONE was lost offers again about every period (its idle tick), and each
     * OFFER is answered with DONE again, so the receiver leaves once a DONE got through. The
     * first repeated OFFER comes one to two periods after the sender last heard a request, so
     * three periods held only one or two of them, and at 20% loss each way a namespace run lost
     * both (the file complete, the sender forgotten after its idle timeout); five hold three or four.
     */
    private static final int DONE_QUIET_OFFERS = 5;
    /**
     * ... but no longer than this many offer periods: at 30% loss each way a round of OFFER
     * and DONE fails about half the time, and thirty rounds leave a sender without its DONE
     * once in a billion transfers.
     */
    private static final int DONE_LINGER_OFFERS = 30;
    /**
     * Notes (refused offers, failures in the node) waiting to be printed: a flood of offers
     * must not fill the memory with them; the ones past this are counted instead.
     */
    private static final int NOTES_QUEUED = 100;
    /** How often a lingering receiver looks whether the sender went quiet. */
    private static final long LINGER_POLL_MILLIS = 50;

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean progress;
    private final boolean awaitsOffers;
    private final BlockingQueue<TransferReport> reports = new LinkedBlockingQueue<>();
    private final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> notes = new ArrayBlockingQueue<>(NOTES_QUEUED);
    private final AtomicLong notesSkipped = new AtomicLong();
    private volatile String progressName;
    private volatile long done;
    private volatile long total;
    private volatile long startedAt;
    private volatile long lastProgressAt;
    private long silenceLimitMillis;
    /** The node's keys and what they refused, when it runs with them; null for a plain (legacy) run. */
    private KeyedTransfer keyed;

    /**
     * @param awaitsOffers whether a reception the sender cancelled is resumed by its next OFFER
     *                     (receive waits for it), rather than by running the command again (fetch)
     */
    TransferSession(PrintWriter out, PrintWriter err, boolean json, boolean progress, boolean awaitsOffers) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.progress = progress;
        this.awaitsOffers = awaitsOffers;
    }

    @Override
    public void progress(long xferId, String name, long bytesDone, long size, long now) {
        if (progressName == null || !progressName.equals(name)) {
            startedAt = System.currentTimeMillis();
            progressName = name;
        }
        total = size;
        done = bytesDone;
        lastProgressAt = System.currentTimeMillis();
    }

    /** The longest a receiver stays after its DONE, to answer a sender whose DONE was lost. */
    static long doneLingerMillis(TransferConfig config) {
        return DONE_LINGER_OFFERS * config.offerRetryMillis();
    }

    /** A receiver that lingers leaves once nothing arrived for this long: the sender got its DONE. */
    static long doneQuietMillis(TransferConfig config) {
        return DONE_QUIET_OFFERS * config.offerRetryMillis();
    }

    /**
     * For a receiving end: {@code config} with the window kept within the UDP receive buffer the
     * kernel grants, and a warning when that is less than the runtime asks for, saying how to
     * raise it. If the buffer cannot be read, the transfer still runs, unbounded, and says so.
     */
    TransferConfig fitReceiveBuffer(TransferConfig config) {
        int granted;
        try {
            granted = ReceiveBuffer.granted();
        } catch (IOException e) {
            err.println("warning: cannot read the UDP receive buffer size (" + e.getMessage()
                    + "); the window is not kept within it");
            return config;
        }
        ReceiveBuffer.advice(granted).ifPresent(advice -> err.println("warning: " + advice));
        return config.withReceiveBuffer(ReceiveBuffer.datagrams(granted));
    }

    /** Makes {@link #run} fail once no progress was made for {@code millis} (fetch's --idle-timeout). */
    TransferSession giveUpAfterSilence(long millis) {
        silenceLimitMillis = millis;
        return this;
    }

    /**
     * Makes {@link #run} fail when {@code keyed}'s handshake gets no answer, and print at the end
     * what it refused (forged, altered, replayed or plain datagrams), on stderr.
     */
    TransferSession keyed(KeyedTransfer keyed) {
        this.keyed = keyed;
        return this;
    }

    @Override
    public void finished(TransferReport report) {
        reports.add(report);
    }

    @Override
    public void refused(Offer offer, Route from, String reason, long now) {
        note("refused " + offer.name() + " (" + offer.size() + " bytes) offered from " + from + ": " + reason);
    }

    /** Queues a line for stderr, from the loop's thread; past {@link #NOTES_QUEUED} waiting, only counts it. */
    void note(String line) {
        if (!notes.offer(line)) {
            notesSkipped.incrementAndGet();
        }
    }

    /**
     * Runs {@code node} bound on {@code bind}, calls {@code begin} on its thread, and prints
     * every report until one satisfies {@code last}; then keeps the node running, so that it can
     * still answer the other side (a receiver whose DONE was lost answers the sender's repeated
     * OFFER with DONE again), until nothing arrived for {@code quietMillis}, and at most
     * {@code lingerMillis} of that report.
     *
     * @return 0 when that report is a success, 1 otherwise
     */
    int run(Node node, InetAddress bind, Path traceFile, BiConsumer<Long, Effects> begin,
            Predicate<TransferReport> last, ToLongFunction<TransferReport> lingerMillis, long quietMillis)
            throws IOException, InterruptedException {
        NdjsonTraceWriter trace = traceFile == null ? null : NdjsonTraceWriter.to(traceFile);
        Consumer<TraceEvent> traces = trace == null ? e -> { } : trace;
        AtomicLong lastArrival = new AtomicLong(System.currentTimeMillis());
        DatagramTap arrivals = new DatagramTap() {
            @Override
            public void received(int localPort, Endpoint from, byte[] data) {
                lastArrival.set(System.currentTimeMillis());
            }
        };
        UdpRuntime runtime = new UdpRuntime(node, bind, traces, arrivals, this::error, System::currentTimeMillis);
        try {
            lastProgressAt = System.currentTimeMillis();
            runtime.start();
            runtime.execute(begin);
            while (true) {
                Throwable error = errors.poll();
                if (error != null) {
                    endProgressLine();
                    err.println("error: " + Printable.escape(String.valueOf(error.getMessage())));
                    return Cli.EXIT_BAD_INPUT;
                }
                printNotes();
                String handshakeFailure = keyed == null ? null : keyed.handshakeFailure();
                if (handshakeFailure != null) {
                    endProgressLine();
                    err.println("error: " + handshakeFailure);
                    return Cli.EXIT_BAD_INPUT;
                }
                TransferReport report = reports.poll(200, TimeUnit.MILLISECONDS);
                if (report == null) {
                    drawProgress();
                    long silent = System.currentTimeMillis() - lastProgressAt;
                    if (silenceLimitMillis > 0 && silent > silenceLimitMillis) {
                        endProgressLine();
                        err.println("error: nothing arrived for " + silent + " ms; giving up (blocks stored so far are kept:"
                                + " run the same command again to resume)");
                        return Cli.EXIT_BAD_INPUT;
                    }
                    continue;
                }
                endProgressLine();
                printNotes();
                boolean ends = last.test(report);
                print(report, ends);
                if (ends) {
                    err.flush();
                    linger(lastArrival, lingerMillis.applyAsLong(report), quietMillis);
                    return report.outcome().succeeded() ? Cli.EXIT_OK : Cli.EXIT_BAD_INPUT;
                }
            }
        } finally {
            runtime.close();
            if (trace != null) {
                trace.close();
            }
            printDrops();
        }
    }

    /** What a keyed node's keys refused, once it stopped: {@code note: dropped 5 datagrams: replayed 2, seal_open_failed 3}. */
    private void printDrops() {
        Map<String, Long> drops = keyed == null ? Map.of() : keyed.drops();
        long sum = drops.values().stream().mapToLong(Long::longValue).sum();
        if (sum > 0) {
            StringBuilder line = new StringBuilder("note: dropped " + sum + " datagram" + (sum == 1 ? "" : "s") + ":");
            drops.forEach((reason, n) -> line.append(line.charAt(line.length() - 1) == ':' ? " " : ", ").append(reason)
                    .append(' ').append(n));
            err.println(line);
            err.flush();
        }
    }

    /** Sleeps until nothing arrived for {@code quietMillis}, or {@code mostMillis} passed. */
    static void linger(AtomicLong lastArrival, long mostMillis, long quietMillis) throws InterruptedException {
        long until = System.currentTimeMillis() + mostMillis;
        for (long now = System.currentTimeMillis(); now < until && now - lastArrival.get() < quietMillis;
                now = System.currentTimeMillis()) {
            Thread.sleep(Math.min(LINGER_POLL_MILLIS, until - now));
        }
    }

    /**
     * What the runtime reports: a failure of the socket (a bind, the selector) ends the command;
     * an exception the node threw for one datagram or timer is noted and the command goes on, as
     * the runtime does, so no datagram a stranger sends ends it.
     */
    private void error(Throwable e) {
        if (e instanceof RuntimeException) {
            note("warning: the transfer node failed on one datagram or timer and goes on: " + e);
        } else {
            errors.add(e);
        }
    }

    private void printNotes() {
        String line;
        boolean any = false;
        while ((line = notes.poll()) != null) {
            if (!any) {
                endProgressLine();
                any = true;
            }
            err.println(line.startsWith("warning: ") ? line : "note: " + line);
        }
        long skipped = notesSkipped.getAndSet(0);
        if (skipped > 0) {
            err.println("note: " + skipped + " more notes like these were not shown");
        }
        if (any || skipped > 0) {
            err.flush();
        }
    }

    private void drawProgress() {
        String name = progressName;
        if (progress && name != null) {
            err.print("\r" + ProgressBar.render(Printable.escape(name), done, total, System.currentTimeMillis() - startedAt));
            err.flush();
        }
    }

    private void endProgressLine() {
        if (progress && progressName != null) {
            drawProgress();
            err.println();
            progressName = null;
        }
    }

    /**
     * Prints {@code r}, the name and the detail (which may quote a peer's ERRTEXT or a path)
     * escaped; a failure that does not end the command (another transfer's, not this one's) is a note.
     */
    private void print(TransferReport r, boolean ends) {
        String name = Printable.escape(r.name());
        String detail = Printable.escape(r.detail());
        if (json) {
            out.println(toJson(r));
        } else if (r.outcome().succeeded()) {
            out.printf("%s %s: %d bytes in %.3f s, %s/s, %d blocks %s%n", r.role() == TransferReport.Role.SENDER ? "sent" : "received",
                    name, r.bytes(), r.millis() / 1000.0, ProgressBar.bytes(Math.round(r.goodputBytesPerSecond())),
                    r.retransmittedBlocks(), r.role() == TransferReport.Role.SENDER ? "served again" : "re-requested");
        }
        if (awaitsOffers && r.role() == TransferReport.Role.RECEIVER && r.outcome() == TransferReport.Outcome.CANCELLED) {
            // the blocks stay in the journal: a new offer of the object resumes
            err.printf("note: %s: %s; %d blocks kept, waiting for the sender to offer it again%n", name, detail, r.blocks());
        } else if (!r.outcome().succeeded()) {
            err.printf("%s: %s %s: %s%n", ends ? "error" : "note", name, r.outcome().name().toLowerCase().replace('_', ' '),
                    detail);
        }
        out.flush();
        err.flush();
    }

    /** The --json summary: one line, the figures a benchmark or a script needs. */
    static String toJson(TransferReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", r.role().name().toLowerCase());
        m.put("name", r.name());
        m.put("outcome", r.outcome().name());
        m.put("size", r.size());
        m.put("bytes", r.bytes());
        m.put("seconds", r.millis() / 1000.0);
        m.put("goodput_bytes_per_second", Math.round(r.goodputBytesPerSecond()));
        m.put("goodput_mbit_per_second", Math.round(r.goodputBytesPerSecond() * 8 / 1e4) / 100.0);
        m.put("blocks", r.blocks());
        m.put("retransmitted_blocks", r.retransmittedBlocks());
        m.put("duplicate_blocks", r.duplicateBlocks());
        m.put("detail", r.detail());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers is always JSON", e);
        }
    }
}
