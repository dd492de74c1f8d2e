package org.ptpmesh.conformance.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.ptpmesh.cli.Cli;
import picocli.CommandLine;

/** One {@code bin/ptpconform} invocation in-process: its exit status and what it printed. */
public record PtpconformRun(int exit, String out, String err) {

    public static PtpconformRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine(new PtpconformCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new PtpconformRun(exit, out.toString(), err.toString());
    }
}
