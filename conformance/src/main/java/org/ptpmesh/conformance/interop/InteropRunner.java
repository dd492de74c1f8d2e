package org.ptpmesh.conformance.interop;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the selected cases for every ordered pair of implementations (each as the tested peer-a
 * against each as the counterpart, itself included), one case at a time, printing a line per case.
 * Each case gets a network of its own: fresh loopback ports, or a fresh NAT lab.
 */
public final class InteropRunner {

    private final CaseRunner runner;
    private final PrintWriter progress;

    /**
     * @param outDir         one directory per pair and case: role outputs, capture.pcap, capture-report.txt
     * @param timeoutSeconds PTP_TIMEOUT, the time each role has
     * @param capture        record and validate each case's traffic (needs root or CAP_NET_RAW)
     * @param lab            run each case in a NAT lab of its own (root, iproute2, nftables) instead of on loopback
     */
    public InteropRunner(Path outDir, int timeoutSeconds, boolean capture, boolean lab, PrintWriter progress) {
        this(outDir, timeoutSeconds, capture, lab, false, progress);
    }

    /** @param ipv6 on loopback, every role on ::1 (IPv6) instead of 127.0.0.1 */
    public InteropRunner(Path outDir, int timeoutSeconds, boolean capture, boolean lab, boolean ipv6, PrintWriter progress) {
        if (lab && ipv6) {
            throw new IllegalArgumentException("the NAT lab is IPv4 only: run the IPv6 cases on loopback");
        }
        this.runner = new CaseRunner(outDir, timeoutSeconds, capture, lab, ipv6);
        this.progress = progress;
    }

    public List<CaseOutcome> run(List<Implementation> implementations, List<InteropCase> cases)
            throws IOException, InterruptedException {
        List<CaseOutcome> outcomes = new ArrayList<>();
        int total = implementations.size() * implementations.size() * cases.size();
        for (Implementation tested : implementations) {
            for (Implementation counterpart : implementations) {
                for (InteropCase c : cases) {
                    CaseOutcome o = runner.run(c, tested, counterpart);
                    outcomes.add(o);
                    progress.printf("[%d/%d] %s x %s %-16s %-11s %s%n", outcomes.size(), total, tested.name(), counterpart.name(),
                            c.caseName(), o.verdict().label(), o.reason());
                    progress.flush();
                }
            }
        }
        return outcomes;
    }
}
