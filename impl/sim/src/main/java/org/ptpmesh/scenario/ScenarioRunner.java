package org.ptpmesh.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.ptpmesh.nat.Strategy;
import org.ptpmesh.peer.AttemptResult;
import org.ptpmesh.peer.Path;
import org.ptpmesh.portmap.PortMapping;
import org.ptpmesh.sim.LinkProfile;
import org.ptpmesh.trace.DiagnosticEvent;
import org.ptpmesh.trace.TraceEvent;

/** Runs a {@link Scenario} on the simulator and reports what a user of the mesh wants to see. */
public final class ScenarioRunner {

    /** Time given to NAT classification before any connect request. */
    public static final long SETTLE_MILLIS = 3_000;

    /**
     * One peer: the NAT it is behind, what it classified, and the address its router forwards to
     * it ({@code mappedAddress}, null without a port mapping).
     */
    public record PeerReport(String name, String natKind, String natActual, String natClassified, boolean classifiedRight,
                             String publicAddress, String mappedAddress) {
    }

    /** One connected pair. */
    public record PairReport(String from, String to, String kind, String expected, String strategy, long timeToConnectMillis,
                             int probes, long rttMillis) {
    }

    /** The whole run. */
    public record Report(String scenario, long seed, double loss, long simulatedMillis, long wallMillis, long events,
                         List<PeerReport> peers, List<PairReport> pairs, long relayedDatagrams,
                         Map<String, Long> network) {
    }

    private ScenarioRunner() {
    }

    public static Report run(Scenario scenario, Consumer<TraceEvent> traceSink) {
        long wallStart = System.nanoTime();
        Mesh mesh = new Mesh(scenario.seed());
        if (scenario.loss() > 0) {
            mesh.simulation().setDefaultUplink(LinkProfile.ofLatency(10).withLoss(scenario.loss()));
        }
        long[] relayed = new long[1];
        mesh.simulation().addTraceSink(e -> {
            if (e.event().equals(DiagnosticEvent.RELAY.actionName())) {
                relayed[0]++;
            }
            if (traceSink != null) {
                traceSink.accept(e);
            }
        });
        for (Scenario.PeerSpec spec : scenario.peers()) {
            if (spec.behind() != null) {
                mesh.addPeerBehind(spec.name(), mesh.peer(spec.behind()));
            } else {
                mesh.addPeer(spec.name(), spec.nat());
            }
        }
        mesh.runFor(Math.min(SETTLE_MILLIS, scenario.durationMillis()));
        long requestedAt = mesh.simulation().now();
        for (Scenario.Pair pair : scenario.connects()) {
            mesh.connect(mesh.peer(pair.from()), mesh.peer(pair.to()));
        }
        mesh.runFor(Math.max(0, scenario.durationMillis() - mesh.simulation().now()));
        List<PeerReport> peers = new ArrayList<>();
        for (MeshPeer p : mesh.peers()) {
            peers.add(new PeerReport(p.name(), p.kind().label(), p.kind().expectedType().name(), p.peer().nat().name(),
                    p.kind().expectedType() == p.peer().nat(),
                    p.peer().publicAddress() == null ? null : p.peer().publicAddress().toString(),
                    p.peer().portMapping().map(PortMapping::external).orElse(null)));
        }
        List<PairReport> pairs = new ArrayList<>();
        for (Scenario.Pair pair : scenario.connects()) {
            pairs.add(pairReport(mesh.peer(pair.from()), mesh.peer(pair.to()), requestedAt));
        }
        Map<String, Long> network = new LinkedHashMap<>();
        network.put("sent", mesh.simulation().stats().sent());
        network.put("delivered", mesh.simulation().stats().delivered());
        mesh.simulation().stats().drops().forEach((reason, n) -> network.put("dropped_" + reason.name().toLowerCase(), n));
        return new Report(scenario.name(), scenario.seed(), scenario.loss(), mesh.simulation().now(),
                (System.nanoTime() - wallStart) / 1_000_000, mesh.simulation().eventsProcessed(), peers, pairs, relayed[0], network);
    }

    private static PairReport pairReport(MeshPeer a, MeshPeer b, long requestedAt) {
        Path path = a.peer().pathTo(b.id());
        String kind = path == Path.DIRECT ? "direct" : path == Path.RELAY ? "relayed" : "failed";
        boolean sameNat = a.nat() != null && a.nat() == b.nat();
        Strategy expectedStrategy = Strategy.choose(a.kind().expectedType(), b.kind().expectedType(), sameNat);
        String expected = expectedStrategy == Strategy.RELAY ? "relayed" : "direct";
        AttemptResult last = lastAttempt(a, b);
        AttemptResult theirs = lastAttempt(b, a);
        // The birthday probes are the Easy side's: report them whichever side asked.
        int probes = Math.max(last == null ? 0 : last.probes(), theirs == null ? 0 : theirs.probes());
        return new PairReport(a.name(), b.name(), kind, expected, last == null ? null : last.strategy().name(),
                last == null ? -1 : last.endedAt() - requestedAt, probes, a.peer().rttTo(b.id()));
    }

    private static AttemptResult lastAttempt(MeshPeer from, MeshPeer to) {
        AttemptResult last = null;
        for (AttemptResult r : from.peer().attemptResults()) {
            if (r.target().equals(to.id())) {
                last = r;
            }
        }
        return last;
    }
}
