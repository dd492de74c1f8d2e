package org.ptpmesh.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.node.Effects;
import org.ptpmesh.node.Node;
import org.ptpmesh.node.TimerKey;
import org.ptpmesh.wire.Endpoint;

/**
 * An Error on the loop (out of memory, say) stops the loop, and by default the process, with a
 * message and status 70: a process whose loop died would otherwise stay up, deaf.
 */
class UdpRuntimeFatalErrorTest {

    private enum Tick implements TimerKey {
        DIE
    }

    /** A node whose first timer throws {@code error}. */
    static Node dyingOf(Error error) {
        return new Node() {
            @Override
            public void start(long now, Effects out) {
                out.bind(0);
                out.setTimer(Tick.DIE, now + 20);
            }

            @Override
            public void onDatagram(int localPort, Endpoint from, byte[] data, long now, Effects out) {
            }

            @Override
            public void onTimer(TimerKey key, long now, Effects out) {
                throw error;
            }
        };
    }

    @Test
    void anErrorOnTheLoopGoesToTheFatalHandlerAndStopsTheLoop() throws Exception {
        List<String> fatal = new CopyOnWriteArrayList<>();
        UdpRuntime runtime = UdpRuntime.of(dyingOf(new OutOfMemoryError("Java heap space")), InetAddress.getLoopbackAddress())
                .onFatal((thread, error) -> fatal.add(thread + ": " + error));
        runtime.start();
        long deadline = System.currentTimeMillis() + 5_000;
        while (fatal.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertThat(fatal).singleElement().asString().contains("ptpmesh-udp-").contains("OutOfMemoryError: Java heap space");
        runtime.close();
        assertThat(runtime.stats().nodeErrors()).isOne();
    }

    /** By default the process ends: a JVM of its own, whose main would otherwise wait a minute. */
    @Test
    void byDefaultTheProcessEndsWithAMessageAndStatus70(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("fatal.log");
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                DyingMain.class.getName()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).as("the process ended; output: %s", Files.readString(log)).isTrue();
        assertThat(jvm.exitValue()).isEqualTo(UdpRuntime.FATAL_EXIT_STATUS);
        assertThat(Files.readString(log)).contains("fatal: ptpmesh-udp-").contains("StackOverflowError")
                .contains("exiting with status 70");
    }

    /** Starts a runtime whose node throws a StackOverflowError, then waits a minute: only the runtime can end it sooner. */
    static final class DyingMain {
        public static void main(String[] args) throws Exception {
            UdpRuntime.of(dyingOf(new StackOverflowError()), InetAddress.getLoopbackAddress()).start();
            Thread.sleep(60_000);
        }
    }
}
