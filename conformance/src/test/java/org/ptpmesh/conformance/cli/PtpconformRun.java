package org.ptpmesh.conformance.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.ptpmesh.cli.Cli;
import picocli.CommandLine;

/** One {@code bin/ptpconform} invocation in-process: its exit status and what it printed. */
public record PtpconformRun(int exit, String out, String err) {

    public static PtpconformRun of(String... args) {
        return ofCommand(new PtpconformCommand(), args);
    }

    /** One run of {@code command} (a subcommand set up by a test) with {@code args}. */
    public static PtpconformRun ofCommand(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new PtpconformRun(exit, out.toString(), err.toString());
    }
}
