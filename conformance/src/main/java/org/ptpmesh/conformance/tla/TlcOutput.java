package org.ptpmesh.conformance.tla;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads TLC 2.18's console output. Only the lines this project relies on are parsed: the final
 * state count, the depth, and which invariant or property was violated.
 */
public final class TlcOutput {

    // "12,345 states generated, 6,789 distinct states found, 0 states left on queue."
    private static final Pattern DISTINCT = Pattern.compile("([\\d,]+) distinct states found");
    private static final Pattern DEPTH =
            Pattern.compile("The depth of the complete state graph search is (\\d+)\\.");
    private static final Pattern INVARIANT = Pattern.compile("^Error: Invariant (\\w+) is violated");
    private static final Pattern ACTION_PROPERTY =
            Pattern.compile("^Error: Action property (\\w+) is violated");
    private static final Pattern TEMPORAL = Pattern.compile("^Error: Temporal properties were violated");
    private static final Pattern ERROR = Pattern.compile("^Error: (.*)$");
    // "<RequestIntro line 306, col 1 to line 306, col 15 of module NatTraversal (320 5 339 77)>: 14:24":
    // an action (or one disjunct of it, located in brackets), distinct states it found, states it generated
    private static final Pattern ACTION_COVERAGE = Pattern.compile(
            "^<(\\w+) line \\d+, col \\d+ to line \\d+, col \\d+ of module \\w+(?: \\([\\d ]+\\))?>: ([\\d,]+):([\\d,]+)$");

    private final List<String> lines;

    public TlcOutput(String output) {
        this.lines = output.lines().toList();
    }

    /** The last "distinct states found" figure: TLC prints progress lines before the final one. */
    public Optional<Long> distinctStates() {
        Long last = null;
        for (String line : lines) {
            Matcher m = DISTINCT.matcher(line);
            if (m.find() && !line.startsWith("Progress")) {
                last = Long.parseLong(m.group(1).replace(",", ""));
            }
        }
        return Optional.ofNullable(last);
    }

    public Optional<Integer> depth() {
        for (String line : lines) {
            Matcher m = DEPTH.matcher(line);
            if (m.find()) {
                return Optional.of(Integer.parseInt(m.group(1)));
            }
        }
        return Optional.empty();
    }

    /**
     * The invariant or action property TLC names. TLC does not name the temporal property it
     * found violated, so for that case the caller passes the config's only property, if it has one.
     */
    public Optional<String> violated(Optional<String> soleTemporalProperty) {
        for (String line : lines) {
            Matcher inv = INVARIANT.matcher(line);
            if (inv.find()) {
                return Optional.of(inv.group(1));
            }
            Matcher act = ACTION_PROPERTY.matcher(line);
            if (act.find()) {
                return Optional.of(act.group(1));
            }
            if (TEMPORAL.matcher(line).find()) {
                return soleTemporalProperty;
            }
        }
        return Optional.empty();
    }

    /**
     * TLC checks an action property ({@code [][A]_v}) with its temporal machinery and exits with
     * 13, yet a violated action property is a safety violation: it has a finite counterexample.
     */
    public boolean actionPropertyViolated() {
        return lines.stream().anyMatch(line -> ACTION_PROPERTY.matcher(line).find());
    }

    /**
     * How many states each action generated, from the coverage report of {@code -coverage}: the
     * last report wins (TLC may print one per interval before the final one), and an action
     * that Next names in several disjuncts is summed over them. Empty when there is no report.
     */
    public Map<String, Long> actionCoverage() {
        Map<String, Long> report = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.startsWith("The coverage statistics at ")) {
                report.clear();
            }
            Matcher m = ACTION_COVERAGE.matcher(line.trim());
            if (m.matches()) {
                report.merge(m.group(1), Long.parseLong(m.group(3).replace(",", "")), Long::sum);
            }
        }
        return report;
    }

    /** The first "Error:" line and the one after it, which usually carries the detail. */
    public Optional<String> firstError() {
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = ERROR.matcher(lines.get(i));
            if (m.find()) {
                String next = i + 1 < lines.size() ? lines.get(i + 1).trim() : "";
                return Optional.of((m.group(1) + " " + next).trim());
            }
        }
        return Optional.empty();
    }
}
