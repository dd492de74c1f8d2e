package org.ptpmesh.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options ptpserver and ptpclient share: ptptest 2014's, plus config file, JSON logs and STUN server. */
public final class CommonOptions {

    @Option(names = "--nostun", description = "Don't use STUN")
    boolean noStun;

    @Option(names = "--stun", paramLabel = "<host:port>",
            description = "STUN server to learn the public address and NAT behaviour from (client default: the server's host, port 3478)")
    String stun;

    @Option(names = {"-d", "--debug"}, description = "Enable debugging output (every protocol step)")
    boolean debug;

    @Option(names = "--hexdump", description = "Enable hexdump debugging output (every datagram in and out)")
    boolean hexdump;

    @Option(names = "--curses", description = "Force use of the console UI (default when stdin and stdout are a terminal)")
    boolean curses;

    @Option(names = "--loglines", paramLabel = "<int>", defaultValue = "10",
            description = "Number of lines high for the log window [${DEFAULT-VALUE}]")
    int loglines;

    @Option(names = "--json", description = "Log one JSON object per line instead of plain text")
    boolean json;

    @Option(names = "--config", paramLabel = "<file>",
            description = "Properties file of defaults, one 'long-option-name = value' per line (port = 23456, publish-every = 13s)")
    Path config;

    @Option(names = "--exit-after", paramLabel = "<duration>", converter = MillisConverter.class,
            description = "Stop by itself after this long (scripts and tests); default: run until interrupted")
    Long exitAfter;

    @Option(names = "--trace", paramLabel = "<file>",
            description = "Write every protocol step as NDJSON to FILE, as ptpmesh sim --trace does, for ptpconform trace;"
                    + " times are Unix epoch ms, so the traces of processes on one machine replay together")
    Path trace;

    @Option(names = "--trace-node", paramLabel = "<name>",
            description = "The process's name in the trace: each node is written as NAME/NODE (default: the client's"
                    + " short id, the server's address and port)")
    String traceNode;

    /** The console UI when forced, or when a person is at a terminal. */
    boolean useConsoleUi() {
        return curses || System.console() != null;
    }
}
