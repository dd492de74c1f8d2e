package org.ptpmesh.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.Option;

/** Where a waiting transfer command (receive, serve) listens: the same two options on both. */
public final class ListenOptions {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "23457", description = "UDP port to listen on [${DEFAULT-VALUE}]")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "0.0.0.0", description = "Address to listen on [${DEFAULT-VALUE}]")
    String bind;

    /** The address to bind, once the port is checked. */
    InetAddress address() throws UnknownHostException {
        Args.port(port, "--port", 1);
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind: cannot resolve '" + bind + "'; give a local address");
        }
    }

    /** For people: where it listens. */
    @Override
    public String toString() {
        return "UDP " + bind + " port " + port;
    }
}
