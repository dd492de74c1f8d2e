package org.ptpmesh.conformance.report;

import java.io.PrintWriter;
import java.util.List;
import org.ptpmesh.conformance.pcap.CaptureValidation;
import org.ptpmesh.conformance.pcap.PacketVerdict;

/** The human report: one line per datagram (frame, time, source -> destination, kind, verdict, reason), then a summary. */
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
            }
            out.printf("%s: %d ptpmesh datagrams, %d violating, %d other UDP datagrams ignored%n", c.file(),
                    c.packets().size(), c.violations(), c.otherUdp());
        }
        out.flush();
    }
}
