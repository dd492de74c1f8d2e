package org.ptpmesh.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The connectivity matrix as markdown (a grid and a table of details) or as JSON. */
public final class ConnectivityMatrixReport {

    private ConnectivityMatrixReport() {
    }

    public static String markdown(List<PairResult> results) {
        Set<LabNat> kinds = new LinkedHashSet<>();
        results.forEach(r -> kinds.add(r.from()));
        StringBuilder md = new StringBuilder("| a \\ b |");
        kinds.forEach(k -> md.append(' ').append(k.label()).append(" |"));
        md.append("\n|---|").append("---|".repeat(kinds.size())).append('\n');
        for (LabNat from : kinds) {
            md.append("| ").append(from.label()).append(" |");
            for (LabNat to : kinds) {
                results.stream().filter(r -> r.from() == from && r.to() == to).findFirst()
                        .ifPresent(r -> md.append(' ').append(cell(r)).append(" |"));
            }
            md.append('\n');
        }
        md.append("\n| pair | classified | strategy | attempt | result | time to connect | probes |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (PairResult r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %s / %s | %s | %s | %s | %d ms | %d |%n", r.pair(),
                    r.fromClassified().name().toLowerCase(Locale.ROOT), r.toClassified().name().toLowerCase(Locale.ROOT),
                    r.strategy() == null ? "-" : r.strategy().name(), r.attempt(), r.resultOnFamily(), r.millisToConnect(), r.probes()));
        }
        return md.toString();
    }

    private static String cell(PairResult r) {
        return r.resultOnFamily() + ", " + r.millisToConnect() + " ms" + (r.probes() > 0 ? ", " + r.probes() + " probes" : "");
    }

    public static String json(List<PairResult> results) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode pairs = root.putArray("pairs");
        for (PairResult r : results) {
            ObjectNode p = pairs.addObject();
            p.put("from", r.from().label());
            p.put("to", r.to().label());
            p.put("fromClassified", r.fromClassified().name());
            p.put("toClassified", r.toClassified().name());
            p.put("strategy", r.strategy() == null ? null : r.strategy().name());
            p.put("attempt", r.attempt());
            p.put("result", r.result());
            p.put("family", r.family() == null ? null : r.family().name());
            p.put("millisToConnect", r.millisToConnect());
            p.put("probes", r.probes());
        }
        return root.toString();
    }
}
