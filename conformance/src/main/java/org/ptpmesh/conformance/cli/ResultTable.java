package org.ptpmesh.conformance.cli;

import java.util.List;
import org.ptpmesh.conformance.tla.ModelEntry;
import org.ptpmesh.conformance.tla.ModelSuite;
import org.ptpmesh.conformance.tla.TlcRun;

/**
 * The text layout of {@code ptpconform tlc}: one line per model. Rows are printed as models
 * finish, so the columns are sized up front from the models selected: a verdict with the name
 * of its invariant (safety-violation:IntroducersNeverForgotten) never pushes the line apart.
 */
final class ResultTable {

    private final String format;

    private ResultTable(String format) {
        this.format = format;
    }

    /** Columns wide enough for every model in {@code models}. */
    static ResultTable of(List<ModelEntry> models) {
        int name = "MODEL".length();
        int verdict = "EXPECTED".length();
        for (ModelEntry m : models) {
            name = Math.max(name, m.name().length());
            verdict = Math.max(verdict, expected(m).length());
        }
        return new ResultTable("%-" + name + "s %-12s %-" + verdict + "s %-" + verdict + "s %10s %6s %8s  %s");
    }

    String header() {
        return String.format(format, "MODEL", "KIND", "EXPECTED", "RESULT", "STATES", "DEPTH", "TIME", "").stripTrailing();
    }

    String row(ModelSuite.Result r) {
        TlcRun run = r.run();
        String result = run.verdict().label();
        if (run.violated() != null) {
            result = result + ":" + run.violated();
        }
        return String.format(format, r.model().name(), r.model().kind().label(), expected(r.model()), result,
                run.distinctStates() == null ? "-" : run.distinctStates().toString(),
                run.depth() == null ? "-" : run.depth().toString(),
                String.format("%.1fs", run.seconds()), r.ok() ? "ok" : "FAIL");
    }

    private static String expected(ModelEntry m) {
        return m.violates() == null ? m.expect().label() : m.expect().label() + ":" + m.violates();
    }

    static String describe(ModelEntry m) {
        String states = m.distinctStates() != null ? " states=" + m.distinctStates() + " depth=" + m.depth()
                : m.simulate() != null ? " seed=" + m.simulate().seed() + " traces=" + m.simulate().traces()
                        + " depth=" + m.simulate().depth()
                : "";
        String violates = m.violates() == null ? "" : " violates=" + m.violates();
        return String.format("%-44s %-12s expect=%s%s%s%n    %s", m.name(), m.kind().label(),
                m.expect().label(), violates, states, m.description() == null ? "" : m.description());
    }
}
