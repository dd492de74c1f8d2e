package org.ptpmesh.lab;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ptpmesh.stun.NatBehaviour;
import org.ptpmesh.stun.StunClient;
import org.ptpmesh.stun.StunMessage;
import org.ptpmesh.wire.Endpoint;

/**
 * A real STUN server (coturn's turnserver, STUN only) on a public host of the lab, listening on
 * two addresses and two ports so it offers RFC 5780 behaviour discovery: an implementation that
 * is not ptpmesh's own, to check what kind of NAT each lab NAT is.
 */
public final class LabCoturn implements AutoCloseable {

    public static final int PORT = 3478;
    private static final List<Path> BINARIES = List.of(Path.of("/usr/bin/turnserver"), Path.of("/usr/sbin/turnserver"));

    private final Endpoint endpoint;
    private final Process process;
    private final Path dir;

    private LabCoturn(Endpoint endpoint, Process process, Path dir) {
        this.endpoint = endpoint;
        this.process = process;
        this.dir = dir;
    }

    /** Whether coturn is installed (Debian: apt-get install coturn; ci/test installs it). */
    public static boolean installed() {
        return BINARIES.stream().anyMatch(Files::isExecutable);
    }

    /** Starts coturn on {@code host} with a second address of its own; the lab stops it when it closes. */
    public static LabCoturn start(Lab lab, LabHost host) throws IOException {
        Path binary = BINARIES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new LabException(
                "coturn is not installed (turnserver not found); Debian: apt-get install coturn"));
        InetAddress second = lab.addPublicAddress(host);
        Path dir = Files.createTempDirectory("ptpmesh-lab-coturn");
        Path conf = dir.resolve("turnserver.conf");
        Files.writeString(conf, String.join("\n",
                "listening-ip=" + host.address().getHostAddress(), "listening-ip=" + second.getHostAddress(),
                "listening-port=" + PORT, "alt-listening-port=" + (PORT + 1),
                "stun-only", "no-tls", "no-dtls", "no-cli", "simple-log",
                "log-file=" + dir.resolve("turn.log"), "pidfile=" + dir.resolve("turn.pid"), ""));
        Process p = new ProcessBuilder("ip", "netns", "exec", host.netns().name(), binary.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        LabCoturn coturn = lab.own(new LabCoturn(new Endpoint(host.address(), PORT), p, dir));
        coturn.awaitReady(host.netns());
        return coturn;
    }

    private void awaitReady(Netns netns) {
        boolean ready = netns.call(() -> {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(0))) {
                StunClient probe = new StunClient(s, 200, 1);
                long deadline = System.currentTimeMillis() + 10_000;
                while (System.currentTimeMillis() < deadline && process.isAlive()) {
                    try {
                        if (probe.discover(endpoint).isPresent()) {
                            return true;
                        }
                    } catch (StunMessage.StunException e) {
                        return false;
                    }
                }
                return false;
            }
        });
        if (!ready) {
            String log;
            try {
                log = Files.readString(dir.resolve("stdout.log"));
            } catch (IOException e) {
                log = "(no log: " + e.getMessage() + ")";
            }
            throw new LabException("coturn did not answer STUN on " + endpoint + " within 10 s: " + log);
        }
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /**
     * Runs RFC 5780 discovery against this server from a fresh socket on {@code host}, bound to
     * the host's address as ptpclient binds (a wildcard-bound socket behind a port-preserving NAT
     * cannot tell its NAT from none: it does not know its own address).
     */
    public Optional<NatBehaviour> discoverFrom(LabHost host) {
        return host.netns().call(() -> {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(host.address(), 0))) {
                return new StunClient(s, 500, 3).discover(endpoint);
            }
        });
    }

    @Override
    public void close() {
        Commands.stop(process);
    }
}
