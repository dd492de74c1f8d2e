package org.ptpmesh.conformance.cli;

import org.ptpmesh.cli.Cli;
import org.ptpmesh.cli.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/ptpconform}: the conformance kit's entry point. It stays a thin root; each check
 * (TLC models, and later captures, traces and interop) is a subcommand.
 */
@Command(name = "ptpconform",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "ptpconform: the ptpmesh conformance kit.",
            "Model-checks the TLA+ specification with TLC; further subcommands check an "
                + "implementation's captures and traces against it, and run interop cases between "
                + "implementations (docs/conformance.md).",
            ""},
        subcommands = {TlcCommand.class, TraceCommand.class, PcapCommand.class, InteropCommand.class, PeerCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "See docs/spec.md and spec/README.md. Exit codes: 0 ok, 1 check failed, 2 usage error."})
public final class PtpconformCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new PtpconformCommand(), args));
    }
}
