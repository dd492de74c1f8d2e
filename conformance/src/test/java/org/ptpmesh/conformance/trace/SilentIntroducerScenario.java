package org.ptpmesh.conformance.trace;

import java.io.IOException;
import java.nio.file.Path;
import org.ptpmesh.peer.PeerConfig;
import org.ptpmesh.scenario.Mesh;
import org.ptpmesh.scenario.NatKind;
import org.ptpmesh.trace.NdjsonTraceWriter;

/**
 * A simulator run in which introducer B never answers: the peers' keepalive states for it go
 * Active, Inactive, Missing (never Forgotten: it is an introducer), exactly on the thresholds,
 * since its silence counts from the peers' start. Short timers keep the run small.
 *
 * <p>Public and reflective ({@link #write}) so a test can run it in a class loader that holds a
 * mutated implementation.
 */
public final class SilentIntroducerScenario {

    public static final long KEEPALIVE_MS = 4_000;
    public static final long RETRY_MS = 1_000;
    /** Fewer than fit in a period, so the silent introducer's retries run out each round. */
    public static final int RETRIES = 2;
    public static final long DURATION_MS = 30_000;

    private SilentIntroducerScenario() {
    }

    /** Runs the scenario and writes its trace to {@code file}. */
    public static void write(Path file) throws IOException {
        Mesh mesh = new Mesh(7, SilentIntroducerScenario::tune);
        mesh.simulation().host("introducer-b").sleep();
        try (NdjsonTraceWriter writer = NdjsonTraceWriter.to(file)) {
            mesh.simulation().addTraceSink(writer);
            mesh.addPeer("public-peer", NatKind.NONE);
            mesh.addPeer("easy-peer", NatKind.EASY);
            mesh.runFor(DURATION_MS);
        }
    }

    /**
     * Keepalive 4 s, retried every second at most twice a round (three retries would fit in a
     * period, so the budget runs out), and a NAT check that does not ping again within the run: the
     * Keepalive model has no NAT check, and answers to its pings would reset the silence.
     */
    private static PeerConfig tune(PeerConfig c) {
        return c.toBuilder().keepAliveMillis(KEEPALIVE_MS).pingRetryMillis(10 * DURATION_MS)
                .keepAliveRetryMillis(RETRY_MS).keepAliveRetries(RETRIES).build();
    }
}
