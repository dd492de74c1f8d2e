package org.ptpmesh.conformance.cli;

import org.ptpmesh.conformance.tla.ModelEntry;
import org.ptpmesh.conformance.tla.ModelSuite;
import org.ptpmesh.conformance.tla.TlcRun;

/** The text layout of {@code ptpconform tlc}: one line per model, fixed columns. */
final class ResultTable {

    private static final String FORMAT = "%-44s %-12s %-19s %-19s %10s %6s %8s  %s";

    private ResultTable() {
    }

    static String header() {
        return String.format(FORMAT, "MODEL", "KIND", "EXPECTED", "RESULT", "STATES", "DEPTH", "TIME", "");
    }

    static String row(ModelSuite.Result r) {
        TlcRun run = r.run();
        String result = run.verdict().label();
        String expected = r.model().expect().label();
        if (r.model().violates() != null) {
            expected = expected + ":" + r.model().violates();
        }
        if (run.violated() != null) {
            result = result + ":" + run.violated();
        }
        return String.format(FORMAT, r.model().name(), r.model().kind().label(), expected, result,
                run.distinctStates() == null ? "-" : run.distinctStates().toString(),
                run.depth() == null ? "-" : run.depth().toString(),
                String.format("%.1fs", run.seconds()), r.ok() ? "ok" : "FAIL");
    }

    static String describe(ModelEntry m) {
        String states = m.distinctStates() == null ? "" : " states=" + m.distinctStates() + " depth=" + m.depth();
        String violates = m.violates() == null ? "" : " violates=" + m.violates();
        return String.format("%-44s %-12s expect=%s%s%s%n    %s", m.name(), m.kind().label(),
                m.expect().label(), violates, states, m.description() == null ? "" : m.description());
    }
}
