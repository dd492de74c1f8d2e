package org.ptpmesh.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;
import org.ptpmesh.identity.NodeSecurity;
import org.ptpmesh.node.Effects;
import org.ptpmesh.trace.Printable;
import org.ptpmesh.transfer.ObjectNames;
import org.ptpmesh.transfer.TransferConfig;
import org.ptpmesh.transfer.TransferDefaults;
import org.ptpmesh.transfer.TransferEndpoint;
import org.ptpmesh.transfer.TransferNode;
import org.ptpmesh.transfer.TransferReport;
import org.ptpmesh.transfer.file.DirectoryStore;
import org.ptpmesh.wire.PeerId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ptpmesh fetch NAME --from HOST:PORT@KEY --dir DIR}: asks a {@code ptpmesh serve} for one file by name, sealed. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        header = "Fetch a file by name from a 'ptpmesh serve' into DIR.", versionProvider = VersionProvider.class,
        description = {
            "Fetches the file NAME from a server (ptpmesh serve) into DIR: a FETCH with "
                + "the name, answered by an OFFER with its size and SHA-256, then the blocks "
                + "this end asks for. Blocks go into DIR/.NAME.part with a journal, as with "
                + "'ptpmesh receive'; the file is moved to DIR/NAME only once its SHA-256 "
                + "matches.",
            "Sealed: the fetcher makes a Noise IK handshake with the server's key (--from HOST:PORT@KEY, the key "
                + "'ptpmesh serve' prints when it starts) and everything travels sealed in that session. A server "
                + "that does not answer under that key ends the fetch with exit 1 within about 10 s.",
            ""},
        footer = {"", "Run the same fetch again after an interruption and only the missing blocks "
                + "travel. The file is refused when DIR/NAME exists and differs (unless "
                + "--force) or DIR lacks the free space; an identical DIR/NAME is kept.",
            "", TransferHelp.SAFE_NAMES, "", TransferHelp.RECEIVED_FILES, "",
            "Exit codes: 0 fetched (or already here), 1 the server has no such object, "
                + "the transfer was refused or failed, or no handshake answer under the key, 2 usage error (bad "
                + "NAME, --from, DIR or port, no @KEY without --legacy).",
            "Examples (KEY: the public key 'ptpmesh serve' printed):",
            "  ptpmesh fetch big.iso --from 198.51.100.7:23457@KEY --dir ~/incoming",
            "  ptpmesh fetch big.iso --from 198.51.100.7:23457 --legacy --dir ~/incoming",
            "    (plain, from a serve --legacy)"})
public final class FetchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "Name of the file on the server")
    String name;

    @Option(names = "--from", required = true, paramLabel = "HOST:PORT@KEY", description = "Where the server listens, and its"
            + " public key (base64 as 'ptpmesh serve' and 'ptpmesh identity' print it, or 64 hex digits)")
    String from;

    @Option(names = "--legacy", description = KeyedTransfer.LEGACY_PEER_HELP)
    boolean legacy;

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
    public Integer call() throws IOException, InterruptedException {
        String objectName = Normalizer.normalize(name, Normalizer.Form.NFC);
        String unsafe = ObjectNames.problem(objectName);
        if (unsafe != null) {
            throw new IllegalArgumentException("the name '" + Printable.escape(name) + "' " + unsafe
                    + "; give a safe file name of the server's directory (see --help)");
        }
        IntroducerAddress server = KeyedTransfer.peer(from, "--from", legacy, "ptpmesh serve");
        Args.writableDirectory(dir);
        Args.port(port, "--port", 0);
        try (NodeSecurity keys = identity.loadAndShow(!output.json, spec.commandLine().getErr(), loaded -> "")) {
            return fetch(objectName, server, keys);
        }
    }

    private int fetch(String objectName, IntroducerAddress server, NodeSecurity keys) throws IOException, InterruptedException {
        TransferSession session = output.session(spec, false).giveUpAfterSilence(idleTimeout);
        SecureRandom random = new SecureRandom();
        TransferConfig config = session.fitReceiveBuffer(TransferConfig.defaults());
        // it takes only the OFFER answering its FETCH: every report is its own transfer's
        // a keyed node's UUID is its key's id (docs/protocol.md 6.9); a legacy one's is any
        TransferEndpoint endpoint = new TransferEndpoint(config, legacy ? PeerId.random(random) : keys.identity().peerId(), "fetcher",
                new DirectoryStore(dir, force), TransferEndpoint.Catalog.NONE, session, random)
                .acceptPushes(false).recordSteps(output.trace != null);
        TransferNode node = new TransferNode(endpoint, port);
        if (!output.json) {
            spec.commandLine().getErr().println("fetching " + objectName + " from " + server.endpoint() + " into " + dir);
        }
        // Once an OFFER came, this end answered it with DONE: it stays a few offer intervals, so
        // a server whose DONE was lost gets it again instead of waiting out its idle timeout.
        BiConsumer<Long, Effects> ask = (now, out) -> endpoint.fetch(objectName, node.routeTo(server.endpoint()), now, out);
        ToLongFunction<TransferReport> linger = r -> r.size() < 0 ? 0 : TransferSession.doneLingerMillis(config);
        if (legacy) {
            return session.run(node, Args.anyAddressFor(server.address()), output.trace, ask, r -> true, linger,
                    TransferSession.doneQuietMillis(config));
        }
        KeyedTransfer keyed = KeyedTransfer.initiator(keys, node, server, "server");
        return session.keyed(keyed).run(keyed.node(), Args.anyAddressFor(server.address()), output.trace, keyed.inside(ask),
                r -> true, linger, TransferSession.doneQuietMillis(config));
    }
}
