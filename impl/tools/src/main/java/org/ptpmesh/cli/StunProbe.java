package org.ptpmesh.cli;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.ptpmesh.stun.NatBehaviour;
import org.ptpmesh.stun.StunClient;
import org.ptpmesh.stun.StunMessage.StunException;
import org.ptpmesh.ui.LogSink;

/** Runs STUN discovery from the port a node is about to bind, and logs what it found. */
final class StunProbe {

    /** Short: STUN is a nicety at start-up and must not hold a node back for long. */
    private static final int TIMEOUT_MILLIS = 500;
    private static final int ATTEMPTS = 2;

    private StunProbe() {
    }

    static Optional<NatBehaviour> run(InetAddress bind, int port, InetAddress stunHost, int stunPort, LogSink log) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(bind, port))) {
            Optional<NatBehaviour> found = new StunClient(socket, TIMEOUT_MILLIS, ATTEMPTS)
                    .discover(new org.ptpmesh.wire.Endpoint(stunHost, stunPort));
            if (found.isEmpty()) {
                log.log(LogSink.Level.WARN, "STUN: no answer from " + stunHost.getHostAddress() + ":" + stunPort
                        + "; going on without (--nostun silences this)");
            } else {
                log.log(LogSink.Level.INFO, "STUN: " + found.get());
            }
            return found;
        } catch (IOException | StunException e) {
            log.log(LogSink.Level.WARN, "STUN failed: " + e.getMessage() + "; going on without");
            return Optional.empty();
        }
    }

    /** Splits {@code host:port} ({@code [v6]:port}); the port defaults to 3478, STUN's. */
    static InetSocketAddress parse(String hostPort) {
        return Args.hostPort(hostPort, "--stun", 3478);
    }
}
