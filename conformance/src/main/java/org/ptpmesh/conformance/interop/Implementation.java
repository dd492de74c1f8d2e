package org.ptpmesh.conformance.interop;

/** An implementation under test: a short name for the matrix and the adapter command that runs it. */
public record Implementation(String name, String command) {

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
}
