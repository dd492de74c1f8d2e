package org.ptpmesh.conformance.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** An implementation under test: a short name for the matrix and the adapter command that runs it. */
public record Implementation(String name, String command) {

    /**
     * The implementations the kit knows by name, and their adapters in bin/ (the package step
     * copies them there from conformance/adapters/).
     */
    public static final Map<String, String> KNOWN = known();

    public Implementation {
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("an implementation name is letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        if (command.isBlank()) {
            throw new IllegalArgumentException("implementation " + name + " has an empty adapter command");
        }
    }

    /** Parses {@code NAME=COMMAND}. */
    public static Implementation parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected NAME=COMMAND (e.g. ref=bin/ptpmesh-adapter), got '" + text + "'");
        }
        return new Implementation(text.substring(0, eq), text.substring(eq + 1));
    }

    /**
     * Parses one {@code --impl}: {@code NAME=COMMAND} (the command may hold commas), or names
     * the kit knows separated by commas, each resolved to its adapter in the directory {@code bin}
     * gives (asked only when a name needs it).
     */
    public static List<Implementation> parseAll(String text, Supplier<Path> bin) {
        if (text.contains("=")) {
            return List.of(parse(text));
        }
        List<Implementation> named = new ArrayList<>();
        for (String name : text.split(",", -1)) {
            named.add(named(name.trim(), bin.get()));
        }
        return named;
    }

    /** A known implementation with its adapter in {@code bin}. */
    public static Implementation named(String name, Path bin) {
        String adapter = KNOWN.get(name);
        if (adapter == null) {
            throw new IllegalArgumentException("unknown implementation '" + name + "'; the kit knows " + String.join(", ", KNOWN.keySet())
                    + "; or give NAME=COMMAND (e.g. mine=./my-adapter)");
        }
        Path file = bin.resolve(adapter);
        if (!Files.isExecutable(file)) {
            throw new IllegalArgumentException(name + "'s adapter " + file + " not found: build with mvn -DskipTests package, "
                    + "or give " + name + "=COMMAND");
        }
        return new Implementation(name, file.toString());
    }

    private static Map<String, String> known() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("reference", "ptpmesh-adapter");
        m.put("ptptest2014", "ptptest2014-adapter");
        return Collections.unmodifiableMap(m);
    }
}
