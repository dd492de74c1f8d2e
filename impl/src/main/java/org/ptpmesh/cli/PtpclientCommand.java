package org.ptpmesh.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/ptpclient}: the mesh client. The flags are ptptest 2014's, so
 * existing scripts keep working; serving on real UDP is not part of this build yet, and the
 * command says so instead of pretending.
 */
@Command(name = "ptpclient", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "PTP Mesh Client: registers with a server, learns the client list, probes every",
            "listed client for RTT and loss, classifies its NAT through two introducers and",
            "reaches peers directly (hole punching) or through the relay.",
            ""},
        footer = {"", "Status: the UDP client is not in this build yet; this command only checks its flags."})
public final class PtpclientCommand implements Callable<Integer> {

    @Option(names = {"-s", "--server"}, paramLabel = "<address>", defaultValue = "127.0.0.1",
            description = "The address of the server [${DEFAULT-VALUE}]")
    String server;

    @Option(names = {"-p", "--port"}, paramLabel = "<port>", defaultValue = "23456",
            description = "The port to use on the server [${DEFAULT-VALUE}]")
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
        System.err.println("ptpclient: the UDP client is not available in this build; see 'ptpmesh --help' for what is.");
        return Cli.EXIT_USAGE;
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new PtpclientCommand(), args));
    }
}
