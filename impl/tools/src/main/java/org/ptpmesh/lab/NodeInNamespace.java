package org.ptpmesh.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.ptpmesh.net.DatagramTap;
import org.ptpmesh.net.UdpRuntime;
import org.ptpmesh.node.Node;
import org.ptpmesh.trace.TraceEvent;
import org.ptpmesh.tracefile.TraceFile;

/**
 * A sans-IO node on the real UDP runtime inside a lab host's namespace: the runtime's loop
 * thread is started from a thread that entered the namespace, so every socket it binds is
 * there. Keeps the node's trace events and errors for the scenario to read.
 */
public class NodeInNamespace implements AutoCloseable {

    /** IPv4 only: what every node binds unless it is to take IPv6. */
    static final InetAddress ANY = wildcard("0.0.0.0");
    /** Both families on one dual-stack socket per port (IPv4 peers seen as IPv4 addresses). */
    static final InetAddress ANY_DUAL_STACK = wildcard("::");

    private final LabHost host;
    private final UdpRuntime runtime;
    private final List<TraceEvent> traces = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    NodeInNamespace(LabHost host, Node node) {
        this(host, node, ANY);
    }

    /** @param bindAddress {@link #ANY} or {@link #ANY_DUAL_STACK} */
    NodeInNamespace(LabHost host, Node node, InetAddress bindAddress) {
        this.host = host;
        try {
            this.runtime = new UdpRuntime(node, bindAddress, traces::add, DatagramTap.NONE, errors::add, System::currentTimeMillis);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for " + host.name(), e);
        }
    }

    /** Starts the node's loop inside the host's namespace. */
    void start() {
        host.netns().call(() -> {
            runtime.start();
            return null;
        });
    }

    /** Runs {@code query} on the node's loop thread (the node is single-threaded) and returns its answer. */
    public <T> T ask(Function<Long, T> query) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        runtime.execute((now, out) -> answer.complete(query.apply(now)));
        try {
            return answer.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while asking " + host.name(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new LabException(host.name() + "'s loop did not answer: " + e, e);
        }
    }

    UdpRuntime runtime() {
        return runtime;
    }

    public LabHost host() {
        return host;
    }

    public List<TraceEvent> traces() {
        return traces;
    }

    /** How many trace events of this name the node logged. */
    public long count(String event) {
        return traces.stream().filter(t -> t.event().equals(event)).count();
    }

    /**
     * Writes the node's trace events so far to {@code dir/HOST.ndjson} as a process's
     * {@code --trace} does, each node named {@code HOST/NODE} (the lab's clocks are the host's,
     * so the files of one lab replay together).
     */
    public void writeTrace(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<IOException> failed = new ArrayList<>();
        try (TraceFile out = TraceFile.open(dir.resolve(host.name() + ".ndjson"), host.name(), failed::add)) {
            traces.forEach(out);
        }
        if (!failed.isEmpty()) {
            throw failed.get(0);
        }
    }

    public List<Throwable> errors() {
        return errors;
    }

    /** Stops the node's loop and closes its sockets. */
    @Override
    public void close() {
        runtime.close();
    }

    private static InetAddress wildcard(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
