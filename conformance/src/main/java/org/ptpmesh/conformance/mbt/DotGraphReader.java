package org.ptpmesh.conformance.mbt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the state graph TLC writes with {@code -dump dot,actionlabels FILE}: a node line per
 * state, {@code ID [label="/\\ var = value\n/\\ ...",style = filled]} (filled for initial
 * states), and an edge line per transition, {@code ID -> ID [label="Action",...]}.
 */
public final class DotGraphReader {

    private static final Pattern NODE = Pattern.compile("^(-?\\d+) \\[label=\"(.*)\"(,style = filled)?\\];?$");
    private static final Pattern EDGE = Pattern.compile("^(-?\\d+) -> (-?\\d+) \\[label=\"([^\"]*)\".*$");

    private DotGraphReader() {
    }

    public static StateGraph read(Path dot) throws IOException {
        Map<String, Map<String, Object>> states = new LinkedHashMap<>();
        List<String> initial = new ArrayList<>();
        List<StateGraph.Edge> edges = new ArrayList<>();
        for (String line : Files.readAllLines(dot, StandardCharsets.UTF_8)) {
            Matcher edge = EDGE.matcher(line);
            if (edge.matches()) {
                edges.add(new StateGraph.Edge(edge.group(1), edge.group(2), edge.group(3)));
                continue;
            }
            Matcher node = NODE.matcher(line);
            if (node.matches()) {
                states.put(node.group(1), variables(unescape(node.group(2))));
                if (node.group(3) != null) {
                    initial.add(node.group(1));
                }
            }
        }
        if (states.isEmpty()) {
            throw new IllegalArgumentException(dot + " holds no states: is it a TLC -dump dot file?");
        }
        if (!edges.isEmpty() && edges.stream().allMatch(e -> e.action().isEmpty())) {
            throw new IllegalArgumentException(dot + " has no action labels: dump with -dump dot,actionlabels");
        }
        return new StateGraph(states, initial, edges);
    }

    /** {@code /\ x = 1\n/\ y = TRUE} into {x=1, y=true}; TLC breaks long values over lines. */
    static Map<String, Object> variables(String label) {
        Map<String, Object> vars = new LinkedHashMap<>();
        for (String conjunct : label.split("\n(?=/\\\\ )")) {
            String c = conjunct.strip();
            if (c.startsWith("/\\")) {
                c = c.substring(2).strip();
            }
            int eq = c.indexOf(" = ");
            if (eq < 0) {
                throw new IllegalArgumentException("not a variable assignment in a TLC state: " + conjunct);
            }
            vars.put(c.substring(0, eq).strip(), TlaValueParser.parse(c.substring(eq + 3)));
        }
        return vars;
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '\\' && k + 1 < s.length()) {
                char n = s.charAt(++k);
                out.append(n == 'n' ? '\n' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
