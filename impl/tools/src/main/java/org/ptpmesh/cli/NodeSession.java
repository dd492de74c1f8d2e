package org.ptpmesh.cli;

import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.ptpmesh.net.DatagramTap;
import org.ptpmesh.net.UdpRuntime;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.tracefile.TraceFile;
import org.ptpmesh.ui.ConsoleUi;
import org.ptpmesh.ui.HexDumpTap;
import org.ptpmesh.ui.LineLog;
import org.ptpmesh.ui.LogSink;
import org.ptpmesh.ui.StatusView;

/**
 * Runs one node on real UDP for ptpserver or ptpclient: picks the log (console UI, or plain or
 * JSON lines), starts the runtime, and stops it on 'q', Ctrl-C, SIGTERM or --exit-after, giving
 * the node its last words (a client's SHUTDOWN) first. On Ctrl-C or SIGTERM the JVM ends when
 * the shutdown hook returns, so the hook waits until the command has closed the session (and,
 * before it, what the command still has to store: the server's analytics).
 */
final class NodeSession implements AutoCloseable {

    /** How long a signal waits for the command to finish storing before the JVM ends anyway. */
    private static final long CLOSE_WAIT_SECONDS = 15;

    private final CommonOptions options;
    private final LogSink log;
    private final ConsoleUi ui;
    private final Terminal terminal;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile int stoppedWith = Cli.EXIT_OK;
    private boolean ipv6Only;
    private TraceFile trace;

    NodeSession(CommonOptions options, String title) throws IOException {
        if (options.loglines < 1) {
            // checked here, not only by the console UI, so a script's bad value fails on any output
            throw new IllegalArgumentException("--loglines must be at least 1, got " + options.loglines);
        }
        this.options = options;
        if (options.useConsoleUi()) {
            terminal = new DefaultTerminalFactory().setForceTextTerminal(true).createTerminal();
            ui = new ConsoleUi(terminal, title, options.loglines, options.debug, System::currentTimeMillis);
            log = ui;
        } else {
            terminal = null;
            ui = null;
            log = new LineLog(System.out, options.json, options.debug, System::currentTimeMillis);
        }
    }

    /** Bound on an IPv6 address, take IPv6 only ({@link UdpRuntime#ipv6Only}); before {@link #run}. */
    NodeSession ipv6Only(boolean on) {
        this.ipv6Only = on;
        return this;
    }

    /**
     * With {@code --trace}, opens the trace file, the process named {@code --trace-node} or
     * {@code defaultName}; before {@link #run}.
     */
    NodeSession traceAs(String defaultName) {
        if (options.trace != null) {
            trace = TraceFile.open(options.trace, options.traceNode != null ? options.traceNode : defaultName,
                    e -> log.log(LogSink.Level.ERROR, "writing the trace to " + options.trace + " failed, trace ended: "
                            + e.getMessage()));
        }
        return this;
    }

    LogSink log() {
        return log;
    }

    /**
     * Lines the plain log (no console UI) prints every {@code everyMillis}, as ptptest 2014 prints
     * figures as they come while the console UI shows its table instead.
     */
    record PlainSummary(long everyMillis, Supplier<List<String>> lines) {
        static final PlainSummary NONE = new PlainSummary(Long.MAX_VALUE, List::of);
    }

    /**
     * Runs {@code node} until stopped; returns the exit status: {@link Cli#EXIT_BAD_INPUT} when
     * one of {@code essentialPorts} could not be bound.
     */
    int run(Node node, InetAddress bindAddress, Set<Integer> essentialPorts, Supplier<StatusView> view,
            BiConsumer<Long, Effects> lastWords) throws IOException, InterruptedException {
        return run(node, bindAddress, essentialPorts, view, lastWords, PlainSummary.NONE);
    }

    /** As {@link #run(Node, InetAddress, Set, Supplier, BiConsumer)}, the plain log printing {@code summary}. */
    int run(Node node, InetAddress bindAddress, Set<Integer> essentialPorts, Supplier<StatusView> view,
            BiConsumer<Long, Effects> lastWords, PlainSummary summary) throws IOException, InterruptedException {
        DatagramTap tap = options.hexdump ? new HexDumpTap(log) : DatagramTap.NONE;
        AtomicInteger unbound = new AtomicInteger();
        Node guarded = new EssentialPorts(node, essentialPorts, port -> {
            unbound.set(port);
            stop.countDown();
        });
        TraceFile traceFile = trace;
        UdpRuntime runtime = new UdpRuntime(guarded, bindAddress, traceFile == null ? log::trace : event -> {
            log.trace(event);
            traceFile.accept(event);
        }, tap,
                e -> log.log(LogSink.Level.ERROR, String.valueOf(e.getMessage())), System::currentTimeMillis)
                .ipv6Only(ipv6Only);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                runtime.stop(lastWords, 2_000);
                closed.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ptpmesh-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        runtime.start();
        long deadline = options.exitAfter == null ? Long.MAX_VALUE : System.currentTimeMillis() + options.exitAfter;
        if (ui != null) {
            ui.run(view, () -> stop.getCount() == 0 || System.currentTimeMillis() >= deadline);
            terminal.close();
        } else {
            awaitPrinting(summary, stop, deadline);
        }
        runtime.stop(lastWords, 2_000);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running: it stops the runtime itself
        }
        if (unbound.get() != 0) {
            log.log(LogSink.Level.ERROR, "stopped: UDP port " + unbound.get() + " on " + bindAddress.getHostAddress()
                    + " is taken (another ptpserver or ptpclient?); choose another port");
            return Cli.EXIT_BAD_INPUT;
        }
        return stoppedWith;
    }

    /** Stops {@link #run} from any thread, which then returns {@code status}. */
    void stop(int status) {
        stoppedWith = status;
        stop.countDown();
    }

    /** Waits for a stop or the deadline, logging the summary every period meanwhile. */
    private void awaitPrinting(PlainSummary summary, CountDownLatch stop, long deadline) throws InterruptedException {
        while (true) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0 || stop.await(Math.min(left, summary.everyMillis()), TimeUnit.MILLISECONDS)
                    || System.currentTimeMillis() >= deadline) {
                return;
            }
            for (String line : summary.lines().get()) {
                log.log(LogSink.Level.INFO, line);
            }
        }
    }

    /** The command is done with the node and what it stored: a signal may now end the JVM. */
    @Override
    public void close() throws IOException {
        try {
            if (trace != null) {
                trace.close();
            }
        } finally {
            closed.countDown();
        }
    }
}
