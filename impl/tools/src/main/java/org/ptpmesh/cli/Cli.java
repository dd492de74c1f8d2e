package org.ptpmesh.cli;

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

    /** A command line with ptpmesh's error handling; tests set its output streams. */
    public static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
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
}
