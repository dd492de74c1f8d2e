package org.ptpmesh.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.ptpmesh.net.DatagramTap;
import org.ptpmesh.net.UdpRuntime;
import org.ptpmesh.node.Node;

/**
 * Nodes of one test, each on a strict UDP runtime of its own, with the errors their loops met;
 * closing it stops them all. Also the two ways a test reads them: on a node's own loop, and by
 * waiting for a condition.
 */
public final class Runtimes implements AutoCloseable {

    public final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final List<UdpRuntime> started = new ArrayList<>();

    /** Starts {@code node} on a runtime bound to {@code bind}. */
    public UdpRuntime run(Node node, InetAddress bind) {
        UdpRuntime rt;
        try {
            rt = new UdpRuntime(node, bind, e -> { }, DatagramTap.NONE, errors::add, System::currentTimeMillis).strict(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rt.start();
        started.add(rt);
        return rt;
    }

    /** Reads a node's state on its own event-loop thread. */
    public static <T> T ask(UdpRuntime rt, Function<Long, T> query) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        rt.execute((now, out) -> result.complete(query.apply(now)));
        return result.get(5, TimeUnit.SECONDS);
    }

    /** Polls {@code check} every 20 ms; fails the test, naming {@code what}, once {@code timeoutMillis} passed. */
    public static void await(String what, long timeoutMillis, Check check) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!check.ok()) {
            assertThat(System.currentTimeMillis()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** A condition that may throw (it usually asks a node). */
    public interface Check {
        boolean ok() throws Exception;
    }

    @Override
    public void close() {
        for (UdpRuntime rt : started) {
            rt.close();
        }
    }
}
