package org.ptpmesh.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.concurrent.Callable;
import org.ptpmesh.identity.NodeSecurity;
import org.ptpmesh.trace.Printable;
import org.ptpmesh.transfer.BlockStore;
import org.ptpmesh.transfer.ObjectNames;
import org.ptpmesh.transfer.TransferConfig;
import org.ptpmesh.transfer.TransferDefaults;
import org.ptpmesh.transfer.TransferEndpoint;
import org.ptpmesh.transfer.TransferNode;
import org.ptpmesh.transfer.file.FileSource;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ptpmesh send FILE --to HOST:PORT}: pushes one file to a {@code ptpmesh receive}. */
@Command(name = "send", mixinStandardHelpOptions = true,
        header = "Send FILE to a 'ptpmesh receive' by bulk transfer over UDP.", versionProvider = VersionProvider.class,
        description = {
            "Sends FILE to a receiver (ptpmesh receive) by ptptest 2014's bulk transfer:",
            "an OFFER with the file's name, size and SHA-256, then the blocks the "
                + "receiver asks for. Exits when the receiver reports the file complete and "
                + "verified, refused or failed.",
            ""},
        footer = {"", "The receiver keeps a journal: run the same send again after a restart of "
                + "either side and only the missing blocks travel.",
            "An OFFER sent to this end is dropped: it only sends.",
            "", TransferHelp.SAFE_NAMES, "",
            "Exit codes: 0 sent, 1 transfer failed or refused, 2 usage error (no such "
                + "file, bad --to).",
            "Example: ptpmesh send big.iso --to 198.51.100.7:23457 --json"})
public final class SendCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to send")
    Path file;

    @Option(names = "--to", required = true, paramLabel = "HOST:PORT", description = "Where the receiver listens")
    String to;

    @Option(names = "--name", paramLabel = "NAME", description = "Name the receiver stores the file as (default: FILE's name);"
            + " a safe file name, as the footer says")
    String name;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "Local UDP port, 0 for any [${DEFAULT-VALUE}]")
    int port;

    @Option(names = "--block-size", paramLabel = "BYTES", description = "Block size, 1-1352 bytes (default: the largest a datagram holds)")
    Integer blockSize;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = TransferDefaults.IDLE_SECONDS + "s", converter = MillisConverter.class,
            description = "Give up when the receiver asks for nothing this long [${DEFAULT-VALUE}]")
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
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(file + ": no such readable file; give the path of a regular file to send");
        }
        InetSocketAddress target = Args.hostPort(to, "--to", -1);
        Args.port(port, "--port", 0);
        // a name is offered in NFC: a file name written decomposed (as macOS writes it) is the same name
        String objectName = Normalizer.normalize(name != null ? name : file.getFileName().toString(), Normalizer.Form.NFC);
        String unsafe = ObjectNames.problem(objectName);
        if (unsafe != null) {
            throw new IllegalArgumentException("the name '" + Printable.escape(objectName) + "' " + unsafe
                    + "; a receiver takes only safe file names (see --help): pick another with --name");
        }
        TransferConfig config = TransferConfig.defaults().withIdle(idleTimeout, Math.min(1_000, idleTimeout));
        if (blockSize != null) {
            config = config.withBlockSize(blockSize);
        }
        FileSource source = new FileSource(file);
        try (source; NodeSecurity keys = identity.loadAndShow(output.json, spec.commandLine().getErr())) {
            // the SHA-256 and the hash tree in one pass, before the loop starts (a direct route takes the configured blocks)
            TransferEndpoint.Shared object = source.shared(config.blockSize());
            TransferSession session = output.session(spec, false);
            SecureRandom random = new SecureRandom();
            TransferEndpoint endpoint = new TransferEndpoint(config, PeerId.random(random), "sender",
                    BlockStore.NONE,
                    TransferEndpoint.Catalog.NONE, session, random).recordSteps(output.trace != null);
            TransferNode node = new TransferNode(endpoint, port);
            Endpoint receiver = Endpoint.of(target);
            // this end receives nothing and serves no catalog: every report is its own transfer's
            return session.run(node, Args.anyAddressFor(target), output.trace,
                    (now, out) -> endpoint.offer(objectName, object, node.routeTo(receiver), now, out), r -> true, r -> 0, 0);
        }
    }
}
