package org.ptpmesh.cli;

import java.io.PrintWriter;
import org.ptpmesh.scenario.ScenarioRunner;

/** The simulator report as tables a person reads at a glance. */
final class SimReportPrinter {

    private SimReportPrinter() {
    }

    static void print(ScenarioRunner.Report r, PrintWriter out) {
        out.printf("scenario %s, seed %d, loss %.1f%%, %d s simulated in %d ms wall (%d events)%n%n", r.scenario(), r.seed(),
                r.loss() * 100, r.simulatedMillis() / 1000, r.wallMillis(), r.events());
        out.printf("%-20s %-19s %-8s %-10s %-21s %s%n", "PEER", "BEHIND", "ACTUAL", "CLASSIFIED", "PUBLIC ADDRESS", "MAPPED");
        for (ScenarioRunner.PeerReport p : r.peers()) {
            out.printf("%-20s %-19s %-8s %-10s %-21s %s%n", p.name(), p.natKind(), p.natActual(),
                    p.natClassified() + (p.classifiedRight() ? "" : " (WRONG)"), p.publicAddress(),
                    p.mappedAddress() == null ? "-" : p.mappedAddress());
        }
        out.println();
        out.printf("%-34s %-8s %-8s %-15s %9s %7s %7s%n", "PAIR", "RESULT", "EXPECTED", "STRATEGY", "CONNECT", "PROBES", "RTT");
        int unexpected = 0;
        for (ScenarioRunner.PairReport p : r.pairs()) {
            boolean asExpected = p.kind().equals(p.expected());
            unexpected += asExpected ? 0 : 1;
            out.printf("%-34s %-8s %-8s %-15s %9s %7d %7s%n", p.from() + " -> " + p.to(), p.kind(),
                    p.expected() + (asExpected ? "" : "*"), p.strategy() == null ? "-" : p.strategy().toLowerCase(),
                    p.timeToConnectMillis() < 0 ? "-" : p.timeToConnectMillis() + " ms", p.probes(),
                    p.rttMillis() < 0 ? "-" : p.rttMillis() + " ms");
        }
        out.println();
        long wrong = r.peers().stream().filter(p -> !p.classifiedRight()).count();
        out.printf("NAT classified right: %d of %d. Pairs as expected: %d of %d%s.%n", r.peers().size() - wrong,
                r.peers().size(), r.pairs().size() - unexpected, r.pairs().size(),
                unexpected > 0 ? " (* differs: the birthday strategy fails about 2% of attempts by design)" : "");
        out.printf("Relay: %d datagrams relayed by introducer A. Network: %s%n", r.relayedDatagrams(), r.network());
    }
}
