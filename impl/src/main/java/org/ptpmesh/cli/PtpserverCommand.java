package org.ptpmesh.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/ptpserver}: the rendezvous server and introducer. The flags are ptptest 2014's, so
 * existing scripts keep working; serving on real UDP is not part of this build yet, and the
 * command says so instead of pretending.
 */
@Command(name = "ptpserver", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "PTP Mesh Server: registers clients, publishes the client list (paged when it",
            "does not fit a datagram), purges silent clients, answers RTT probes, and serves",
            "as introducer (NAT classification, introductions, relay).",
            ""},
        footer = {"", "Status: the UDP server is not in this build yet; this command only checks its flags."})
public final class PtpserverCommand implements Callable<Integer> {

    @Option(names = {"-s", "--server"}, paramLabel = "<address>", defaultValue = "0.0.0.0",
            description = "The address to bind to for the server [${DEFAULT-VALUE}]")
    String server;

    @Option(names = {"-p", "--port"}, paramLabel = "<port>", defaultValue = "23456",
            description = "The port to use for the server [${DEFAULT-VALUE}]")
    int port;

    @Option(names = "--nostun", description = "Don't use STUN")
    boolean noStun;

    @Option(names = {"-d", "--debug"}, description = "Enable debugging output")
    boolean debug;

    @Option(names = "--hexdump", description = "Enable hexdump debugging output")
    boolean hexdump;

    @Option(names = "--curses", description = "Force use of the console UI")
    boolean curses;

    @Option(names = "--loglines", paramLabel = "<int>", defaultValue = "10",
            description = "Number of lines high for the log window [${DEFAULT-VALUE}]")
    int loglines;

    @Override
    public Integer call() {
        System.err.println("ptpserver: serving on UDP is not available in this build; see 'ptpmesh --help' for what is.");
        return Cli.EXIT_USAGE;
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new PtpserverCommand(), args));
    }
}
