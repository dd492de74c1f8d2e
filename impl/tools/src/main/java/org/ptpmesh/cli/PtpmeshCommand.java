package org.ptpmesh.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/ptpmesh}: the toolbox entry point. Subcommands do the work. */
@Command(name = "ptpmesh",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "ptpmesh: a formally specified peer-to-peer UDP protocol (registration with an "
                + "introducer, NAT classification, hole punching, relay, keepalive, RTT and loss "
                + "measurement, bulk transfer). This is the reference implementation's toolbox.",
            ""},
        subcommands = {WireCommand.class, SimCommand.class, LabCommand.class, SendCommand.class, ReceiveCommand.class,
            ServeCommand.class, FetchCommand.class, IdentityCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "See README.md and docs/protocol.md. Exit codes: 0 ok, 1 bad input seen, 2 usage error."})
public final class PtpmeshCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new PtpmeshCommand(), args));
    }
}
