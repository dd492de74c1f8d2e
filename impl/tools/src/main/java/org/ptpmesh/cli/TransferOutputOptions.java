package org.ptpmesh.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** What the transfer commands (send, receive, serve, fetch) show and record: the same three options on all. */
public final class TransferOutputOptions {

    @Option(names = "--json", description = "Print the summary as one JSON line (bytes, seconds, goodput, retransmitted blocks)")
    boolean json;

    @Option(names = "--no-progress", description = "No progress bar (it is shown only on a terminal anyway)")
    boolean noProgress;

    @Option(names = "--trace", paramLabel = "FILE", description = "Write every protocol step as NDJSON to FILE")
    Path trace;

    /**
     * A session printing to the command's streams, with a progress bar when a person watches.
     *
     * @param awaitsOffers see {@link TransferSession#TransferSession}: true for receive
     */
    TransferSession session(CommandSpec spec, boolean awaitsOffers) {
        return new TransferSession(spec.commandLine().getOut(), spec.commandLine().getErr(), json, showsProgress(),
                awaitsOffers);
    }

    /** Whether to draw progress bars: on a terminal, unless --no-progress. */
    boolean showsProgress() {
        return !noProgress && System.console() != null;
    }
}
