package org.ptpmesh.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One side of a test's commands run as a user runs them: what they printed, on stdout and stderr, kept. */
final class CommandOutput {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** Runs {@code command} with {@code args}; returns its exit status. */
    int run(Object command, String... args) {
        return Cli.commandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }
}
