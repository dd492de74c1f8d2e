package org.ptpmesh.cli;

import picocli.CommandLine.Command;

/** {@code ptpmesh wire}: the codec from the command line. */
@Command(name = "wire", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Decode and encode ptpmesh datagrams (docs/protocol.md describes the format).",
        subcommands = {WireDecodeCommand.class, WireEncodeCommand.class})
public final class WireCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
