package org.ptpmesh.conformance.report;

import java.io.PrintWriter;
import java.util.List;
import org.ptpmesh.conformance.pcap.CaptureValidation;
import org.ptpmesh.conformance.pcap.Finding;
import org.ptpmesh.conformance.pcap.PacketVerdict;

/**
 * The human report: one line per datagram (frame, time, source -> destination, kind, verdict,
 * reason), the inner datagram of an opened SEALED one on a {@code sealed:} line below it, then a
 * summary.
 */
public final class TextReport {

    private TextReport() {
    }

    /** @param violationsOnly print only the datagrams that break a rule (the summary always) */
    public static void write(List<CaptureValidation> captures, boolean violationsOnly, PrintWriter out) {
        for (CaptureValidation c : captures) {
            out.println("== " + c.file());
            for (PacketVerdict p : c.packets()) {
                if (violationsOnly && p.valid()) {
                    continue;
                }
                out.printf("%6d  %s  %s -> %s  %-13s %-7s %s%n", p.frame(), CaptureTime.iso(p.timestampMicros()), p.source(),
                        p.destination(), p.kind() == null ? "-" : p.kind(), p.valid() ? "valid" : "INVALID", p.reason());
                for (String note : p.notes()) {
                    out.println("        note: " + note);
                }
                if (p.opened() != null) {
                    PacketVerdict.Inner inner = p.opened();
                    out.printf("        sealed: %d bytes  %-13s %-7s %s%n", inner.length(), inner.kind() == null ? "-" : inner.kind(),
                            inner.valid() ? "valid" : "INVALID", inner.valid() ? "ok"
                                    : String.join("; ", inner.violations().stream().map(Finding::toString).toList()));
                    for (String note : inner.notes()) {
                        out.println("          note: " + note);
                    }
                }
            }
            out.printf("%s: %d ptpmesh datagrams, %d violating, %d other UDP datagrams ignored%n", c.file(),
                    c.packets().size(), c.violations(), c.otherUdp());
        }
        out.flush();
    }
}
