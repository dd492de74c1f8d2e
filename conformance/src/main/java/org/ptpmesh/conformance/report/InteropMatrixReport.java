package org.ptpmesh.conformance.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ptpmesh.conformance.interop.CaseOutcome;
import org.ptpmesh.conformance.interop.InteropCase;
import org.ptpmesh.conformance.interop.InteropVerdict;
import org.ptpmesh.wire.json.WireJson;

/**
 * The interop matrix: a row per case, a column per pair (tested implementation x counterpart),
 * as Markdown, JSON and HTML. Unsupported and needs-lab cells are shown as such, not as failures.
 */
public final class InteropMatrixReport {

    private InteropMatrixReport() {
    }

    public static String markdown(List<CaseOutcome> outcomes) {
        List<String> pairs = pairs(outcomes);
        StringBuilder b = new StringBuilder("# ptpmesh interop matrix\n\n");
        b.append("Rows are cases, columns are TESTED x COUNTERPART (the tested implementation plays peer-a; ")
                .append("the counterpart the introducers and peer-b).\n\n| case |");
        pairs.forEach(p -> b.append(' ').append(p).append(" |"));
        b.append("\n|---|");
        pairs.forEach(p -> b.append("---|"));
        b.append('\n');
        for (InteropCase c : cases(outcomes)) {
            b.append("| ").append(c.caseName()).append(" |");
            for (String p : pairs) {
                b.append(' ').append(find(outcomes, c, p).map(InteropMatrixReport::cell).orElse("-")).append(" |");
            }
            b.append('\n');
        }
        List<CaseOutcome> notes = outcomes.stream().filter(o -> !o.reason().isEmpty()).toList();
        if (!notes.isEmpty()) {
            b.append("\n## Details\n\n");
            for (CaseOutcome o : notes) {
                b.append("- ").append(o.interopCase().caseName()).append(", ").append(pair(o)).append(": ")
                        .append(o.verdict().label()).append(": ").append(o.reason().replace("|", "\\|")).append('\n');
            }
        }
        return b.toString();
    }

    public static ObjectNode json(List<CaseOutcome> outcomes) {
        ObjectNode root = WireJson.MAPPER.createObjectNode();
        root.put("failed", outcomes.stream().anyMatch(o -> o.verdict() == InteropVerdict.FAIL));
        ArrayNode cells = root.putArray("results");
        for (CaseOutcome o : outcomes) {
            ObjectNode n = cells.addObject();
            n.put("case", o.interopCase().caseName());
            n.put("tested", o.tested());
            n.put("counterpart", o.counterpart());
            n.put("verdict", o.verdict().label());
            n.put("reason", o.reason());
            n.put("capture", o.capture() == null ? null : o.capture().toString());
            n.put("datagrams", o.datagrams());
            n.put("invalid_datagrams", o.violations());
            n.put("millis", o.millis());
        }
        return root;
    }

    public static String html(List<CaseOutcome> outcomes) {
        List<String> pairs = pairs(outcomes);
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>ptpmesh interop matrix</title>\n")
                .append("<style>table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px 8px}")
                .append(".pass{background:#cfc}.fail{background:#fcc}.unsupported,.needs-lab{background:#eee}</style></head><body>\n")
                .append("<h1>ptpmesh interop matrix</h1>\n<p>Rows are cases, columns are TESTED x COUNTERPART.</p>\n<table><tr><th>case</th>");
        pairs.forEach(p -> b.append("<th>").append(escape(p)).append("</th>"));
        b.append("</tr>\n");
        for (InteropCase c : cases(outcomes)) {
            b.append("<tr><th title=\"").append(escape(c.summary())).append("\">").append(c.caseName()).append("</th>");
            for (String p : pairs) {
                find(outcomes, c, p).ifPresentOrElse(o -> b.append("<td class=\"").append(o.verdict().label().replace(' ', '-'))
                        .append("\" title=\"").append(escape(o.reason())).append("\">").append(escape(cell(o))).append("</td>"),
                        () -> b.append("<td>-</td>"));
            }
            b.append("</tr>\n");
        }
        return b.append("</table>\n</body></html>\n").toString();
    }

    private static String cell(CaseOutcome o) {
        return o.verdict() == InteropVerdict.PASS && o.capture() != null ? "pass (" + o.datagrams() + " datagrams)" : o.verdict().label();
    }

    private static String pair(CaseOutcome o) {
        return o.tested() + " x " + o.counterpart();
    }

    private static List<String> pairs(List<CaseOutcome> outcomes) {
        Set<String> s = new LinkedHashSet<>();
        outcomes.forEach(o -> s.add(pair(o)));
        return new ArrayList<>(s);
    }

    private static List<InteropCase> cases(List<CaseOutcome> outcomes) {
        Set<InteropCase> s = new LinkedHashSet<>();
        outcomes.forEach(o -> s.add(o.interopCase()));
        return new ArrayList<>(s);
    }

    private static java.util.Optional<CaseOutcome> find(List<CaseOutcome> outcomes, InteropCase c, String pair) {
        return outcomes.stream().filter(o -> o.interopCase() == c && pair(o).equals(pair)).findFirst();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
