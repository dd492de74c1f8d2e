package org.ptpmesh.conformance.trace;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.ptpmesh.nat.NatType;
import org.ptpmesh.scenario.Mesh;
import org.ptpmesh.scenario.MeshPeer;
import org.ptpmesh.scenario.NatKind;
import org.ptpmesh.sim.LinkProfile;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.NdjsonTraceWriter;

/**
 * Two peers and the introducers on the simulator, one trace file for all of them: peer-a
 * connects to peer-b a second after both NAT checks are done and streams messages to it. With
 * {@code fallback} the direct path dies while messages (if any) are in flight, so the link falls back
 * to the relay and each peer asks for a new introduction; the path comes back once both fell
 * back, and the new attempt punches through again. {@link #writeLan}: both behind one NAT.
 *
 * <p>Public and reflective ({@link #write}) so a test can run it in a class loader that holds a
 * mutated implementation.
 */
public final class PairScenario {

    /** How long the NAT checks may take over a lossy network; connecting waits for them. */
    static final long CHECK_MAX_MS = 30_000;
    private static final int MESSAGES = 40;
    private static final long GAP_MS = 250;
    /** How long a dead direct path may take to fall back: two keepalive periods unanswered (87 s here), and then some. */
    private static final long FALLBACK_MAX_MS = 120_000;

    private PairScenario() {
    }

    /**
     * Runs the scenario and writes its trace to {@code file}.
     *
     * @param loss probability that any datagram on a public uplink is lost
     */
    public static void write(Path file, String kindA, String kindB, double loss, boolean fallback, long seed)
            throws IOException {
        write(file, kindA, kindB, loss, fallback, seed, MESSAGES);
    }

    /**
     * The same with {@code messages} messages streamed (none: the replay's state space holds no
     * data, which the birthday strategy's 256 openers and a dead path's resends need to stay affordable).
     */
    public static void write(Path file, String kindA, String kindB, double loss, boolean fallback, long seed, int messages)
            throws IOException {
        Mesh mesh = new Mesh(seed);
        if (loss > 0) {
            mesh.simulation().setDefaultUplink(LinkProfile.ofLatency(10).withLoss(loss));
        }
        try (NdjsonTraceWriter writer = NdjsonTraceWriter.to(file)) {
            mesh.simulation().addTraceSink(writer);
            MeshPeer a = mesh.addPeer("peer-a", NatKind.valueOf(kindA));
            MeshPeer b = mesh.addPeer("peer-b", NatKind.valueOf(kindB));
            connectAndStream(mesh, a, b, messages);
            if (!fallback) {
                mesh.runFor(20_000);
                return;
            }
            mesh.runFor(6_000);
            Set<String> fellBack = new HashSet<>();
            mesh.simulation().addTraceSink(e -> {
                if (e.event().equals(DiagnosticEvent.FALLBACK_TO_RELAY.actionName())) {
                    fellBack.add(e.node());
                }
            });
            InetAddress[] ends = {a.nat().publicAddress(), b.nat().publicAddress()};
            mesh.simulation().internet().setPathProfile(ends[0], ends[1], LinkProfile.ofLatency(0).withLoss(1.0));
            mesh.simulation().runUntil(mesh.simulation().now() + FALLBACK_MAX_MS, () -> fellBack.size() == 2);
            mesh.simulation().internet().setPathProfile(ends[0], ends[1], LinkProfile.ofLatency(0));
            mesh.runFor(20_000);
        }
    }

    /** The same with peer-b behind peer-a's NAT device (of kind {@code kind}): the LAN strategy. */
    public static void writeLan(Path file, String kind, long seed) throws IOException {
        Mesh mesh = new Mesh(seed);
        try (NdjsonTraceWriter writer = NdjsonTraceWriter.to(file)) {
            mesh.simulation().addTraceSink(writer);
            MeshPeer a = mesh.addPeer("peer-a", NatKind.valueOf(kind));
            connectAndStream(mesh, a, mesh.addPeerBehind("peer-b", a), MESSAGES);
            mesh.runFor(20_000);
        }
    }

    private static void connectAndStream(Mesh mesh, MeshPeer a, MeshPeer b, int messages) {
        // the model connects a peer once both NAT checks are over (TA_ConnectWhenRegistered)
        mesh.simulation().runUntil(CHECK_MAX_MS, () -> a.peer().nat() != NatType.UNKNOWN
                && b.peer().nat() != NatType.UNKNOWN);
        mesh.runFor(1_000);
        mesh.connect(a, b);
        for (int i = 1; i <= messages; i++) {
            String payload = "m" + i;
            mesh.simulation().at(mesh.simulation().now() + (i - 1) * GAP_MS, () -> mesh.send(a, b, payload));
        }
    }
}
