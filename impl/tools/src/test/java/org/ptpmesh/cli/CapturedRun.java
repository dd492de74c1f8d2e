package org.ptpmesh.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs commands as the launchers do (ptpmesh's error handling), keeping what they print for the test to read. */
final class CapturedRun {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(Object command, String... args) {
        return Cli.commandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }
}
