package org.ptpmesh.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.concurrent.Callable;
import org.ptpmesh.identity.NodeSecurity;
import org.ptpmesh.trace.Printable;
import org.ptpmesh.transfer.ObjectNames;
import org.ptpmesh.transfer.TransferConfig;
import org.ptpmesh.transfer.TransferDefaults;
import org.ptpmesh.transfer.TransferEndpoint;
import org.ptpmesh.transfer.TransferNode;
import org.ptpmesh.transfer.file.DirectoryStore;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ptpmesh fetch NAME --from HOST:PORT --dir DIR}: asks a {@code ptpmesh serve} for one file by name. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        header = "Fetch a file by name from a 'ptpmesh serve' into DIR.", versionProvider = VersionProvider.class,
        description = {
            "Fetches the file NAME from a server (ptpmesh serve) into DIR: a FETCH with "
                + "the name, answered by an OFFER with its size and SHA-256, then the blocks "
                + "this end asks for. Blocks go into DIR/.NAME.part with a journal, as with "
                + "'ptpmesh receive'; the file is moved to DIR/NAME only once its SHA-256 "
                + "matches.",
            ""},
        footer = {"", "Run the same fetch again after an interruption and only the missing blocks "
                + "travel. The file is refused when DIR/NAME exists and differs (unless "
                + "--force) or DIR lacks the free space; an identical DIR/NAME is kept.",
            "", TransferHelp.SAFE_NAMES, "", TransferHelp.RECEIVED_FILES, "",
            "Exit codes: 0 fetched (or already here), 1 the server has no such object, "
                + "or the transfer was refused or failed, 2 usage error (bad NAME, --from, "
                + "DIR or port).",
            "Example: ptpmesh fetch big.iso --from 198.51.100.7:23457 --dir ~/incoming"})
public final class FetchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "Name of the file on the server")
    String name;

    @Option(names = "--from", required = true, paramLabel = "HOST:PORT", description = "Where the server listens")
    String from;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Directory to store the file in")
    Path dir;

    @Option(names = "--force", description = "Overwrite an existing DIR/NAME that differs from the server's file")
    boolean force;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "Local UDP port, 0 for any [${DEFAULT-VALUE}]")
    int port;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = TransferDefaults.IDLE_SECONDS + "s", converter = MillisConverter.class,
            description = "Give up when no new block arrives this long [${DEFAULT-VALUE}]")
    long idleTimeout;

    @Mixin
    TransferOutputOptions output;

    @Mixin
    IdentityOptions identity;

    @Spec
    CommandSpec spec;

    @Override
    @SuppressWarnings("try") // the keys are held open for the run (the key log), and sealing will take them
    public Integer call() throws IOException, InterruptedException {
        String objectName = Normalizer.normalize(name, Normalizer.Form.NFC);
        String unsafe = ObjectNames.problem(objectName);
        if (unsafe != null) {
            throw new IllegalArgumentException("the name '" + Printable.escape(name) + "' " + unsafe
                    + "; give a safe file name of the server's directory (see --help)");
        }
        InetSocketAddress server = Args.hostPort(from, "--from", -1);
        Args.writableDirectory(dir);
        Args.port(port, "--port", 0);
        try (NodeSecurity keys = identity.loadAndShow(output.json, spec.commandLine().getErr())) {
            return fetch(objectName, server);
        }
    }

    private int fetch(String objectName, InetSocketAddress server) throws IOException, InterruptedException {
        TransferSession session = output.session(spec, false).giveUpAfterSilence(idleTimeout);
        SecureRandom random = new SecureRandom();
        TransferConfig config = session.fitReceiveBuffer(TransferConfig.defaults());
        // it takes only the OFFER answering its FETCH: every report is its own transfer's
        TransferEndpoint endpoint = new TransferEndpoint(config, PeerId.random(random), "fetcher",
                new DirectoryStore(dir, force), TransferEndpoint.Catalog.NONE, session, random)
                .acceptPushes(false).recordSteps(output.trace != null);
        TransferNode node = new TransferNode(endpoint, port);
        if (!output.json) {
            spec.commandLine().getErr().println("fetching " + objectName + " from " + from + " into " + dir);
        }
        // Once an OFFER came, this end answered it with DONE: it stays a few offer intervals, so
        // a server whose DONE was lost gets it again instead of waiting out its idle timeout.
        return session.run(node, Args.anyAddressFor(server), output.trace,
                (now, out) -> endpoint.fetch(objectName, node.routeTo(Endpoint.of(server)), now, out),
                r -> true, r -> r.size() < 0 ? 0 : TransferSession.doneLingerMillis(config), TransferSession.doneQuietMillis(config));
    }
}
