package org.ptpmesh.cli;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Shared picocli setup: usage errors exit 2 with a message that says what to do. */
public final class Cli {

    public static final int EXIT_OK = 0;
    public static final int EXIT_BAD_INPUT = 1;
    public static final int EXIT_USAGE = 2;

    private Cli() {
    }

    public static int execute(Object command, String... args) {
        return commandLine(command).execute(args);
    }

    /**
     * A command line with ptpmesh's error handling; tests set its output streams. Output is
     * UTF-8 whatever the locale: what the tools print (JSON, names, META) is UTF-8 text, and
     * Java 17's default under the POSIX locale is ASCII, which prints '?' for the rest.
     */
    public static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(utf8(System.out));
        cl.setErr(utf8(System.err));
        cl.setExitCodeExceptionMapper(e -> EXIT_USAGE);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("error: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof IllegalArgumentException) {
                c.getErr().println("error: " + ex.getMessage());
                return EXIT_USAGE;
            }
            throw ex;
        });
        return cl;
    }

    private static PrintWriter utf8(OutputStream stream) {
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8)), true);
    }
}
