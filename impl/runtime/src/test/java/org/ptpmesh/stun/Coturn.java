package org.ptpmesh.stun;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.ptpmesh.net.LocalAddresses;
import org.ptpmesh.wire.Endpoint;

/**
 * A real coturn STUN server on loopback for one test: two addresses (127.0.0.1 and 127.0.0.2,
 * both on lo) and two ports, so it offers RFC 5780 behaviour discovery. Started from a temporary
 * config, stopped on close. Without coturn installed the test fails under CI (CI=true: ci/test
 * installs it) and is skipped elsewhere.
 */
final class Coturn implements AutoCloseable {

    private static final List<Path> BINARIES = List.of(Path.of("/usr/bin/turnserver"), Path.of("/usr/sbin/turnserver"));

    final Endpoint primary;
    private final Process process;
    private final Path dir;

    private Coturn(Endpoint primary, Process process, Path dir) {
        this.primary = primary;
        this.process = process;
        this.dir = dir;
    }

    static Coturn start() throws IOException, InterruptedException {
        Optional<Path> binary = BINARIES.stream().filter(Files::isExecutable).findFirst();
        if (binary.isEmpty()) {
            String why = "coturn is not installed (turnserver not found); ci/test installs the Debian package coturn";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
        InetAddress lo = InetAddress.getLoopbackAddress();
        int port = LocalAddresses.freeUdpPort(lo);
        int altPort = LocalAddresses.freeUdpPort(lo);
        Path dir = Files.createTempDirectory("coturn");
        Path conf = dir.resolve("turnserver.conf");
        Files.writeString(conf, String.join("\n",
                "listening-ip=127.0.0.1", "listening-ip=127.0.0.2",
                "listening-port=" + port, "alt-listening-port=" + altPort,
                "stun-only", "no-tls", "no-dtls", "no-cli", "simple-log",
                "log-file=" + dir.resolve("turn.log"), "pidfile=" + dir.resolve("turn.pid"), ""));
        Process p = new ProcessBuilder(binary.get().toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        Coturn coturn = new Coturn(new Endpoint(lo, port), p, dir);
        coturn.awaitReady();
        return coturn;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            StunClient probe = new StunClient(s, 200, 1);
            while (System.currentTimeMillis() < deadline) {
                if (!process.isAlive()) {
                    Assertions.fail("coturn exited at start: " + Files.readString(dir.resolve("stdout.log")));
                }
                try {
                    if (probe.binding(primary, 0).isPresent()) {
                        return;
                    }
                } catch (StunMessage.StunException e) {
                    Assertions.fail("coturn answered something unreadable: " + e.getMessage());
                }
            }
        }
        close();
        Assertions.fail("coturn did not answer STUN on " + primary + " within 10 s");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
