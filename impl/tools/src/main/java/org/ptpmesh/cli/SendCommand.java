package org.ptpmesh.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.ptpmesh.identity.NodeSecurity;
import org.ptpmesh.node.Effects;
import org.ptpmesh.trace.Printable;
import org.ptpmesh.transfer.BlockSizes;
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

/** {@code ptpmesh send FILE --to HOST:PORT@KEY}: pushes one file, sealed, to a {@code ptpmesh receive}. */
@Command(name = "send", mixinStandardHelpOptions = true,
        header = "Send FILE to a 'ptpmesh receive' by bulk transfer over UDP.", versionProvider = VersionProvider.class,
        description = {
            "Sends FILE to a receiver (ptpmesh receive) by ptptest 2014's bulk transfer:",
            "an OFFER with the file's name, size and SHA-256, then the blocks the "
                + "receiver asks for. Exits when the receiver reports the file complete and "
                + "verified, refused or failed.",
            "Sealed: the sender makes a Noise IK handshake with the receiver's key (--to HOST:PORT@KEY, the key "
                + "'ptpmesh receive' prints when it starts) and everything travels sealed in that session, in "
                + "1280-byte blocks; nobody else can answer, read or alter it. A receiver that does not answer "
                + "under that key ends the send with exit 1 within about 10 s.",
            ""},
        footer = {"", "The receiver keeps a journal: run the same send again after a restart of "
                + "either side and only the missing blocks travel.",
            "An OFFER sent to this end is dropped: it only sends.",
            "", TransferHelp.SAFE_NAMES, "",
            "Exit codes: 0 sent, 1 transfer failed or refused, or no handshake answer under the key, 2 usage "
                + "error (no such file, bad --to, no @KEY without --legacy).",
            "Examples (KEY: the public key 'ptpmesh receive' printed):",
            "  ptpmesh send big.iso --to 198.51.100.7:23457@KEY --json",
            "  ptpmesh send big.iso --to 198.51.100.7:23457 --legacy  (to a receive --legacy)"})
public final class SendCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to send")
    Path file;

    @Option(names = "--to", required = true, paramLabel = "HOST:PORT@KEY", description = "Where the receiver listens, and its"
            + " public key (base64 as 'ptpmesh receive' and 'ptpmesh identity' print it, or 64 hex digits)")
    String to;

    @Option(names = "--legacy", description = KeyedTransfer.LEGACY_PEER_HELP)
    boolean legacy;

    @Option(names = "--name", paramLabel = "NAME", description = "Name the receiver stores the file as (default: FILE's name);"
            + " a safe file name, as the footer says")
    String name;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "Local UDP port, 0 for any [${DEFAULT-VALUE}]")
    int port;

    @Option(names = "--block-size", paramLabel = "BYTES", description = "Block size, 1-1280 bytes sealed, 1-1352 with --legacy"
            + " (default: the largest a datagram holds)")
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
    public Integer call() throws IOException, InterruptedException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(file + ": no such readable file; give the path of a regular file to send");
        }
        // a name is offered in NFC: a file name written decomposed (as macOS writes it) is the same name
        String objectName = Normalizer.normalize(name != null ? name : file.getFileName().toString(), Normalizer.Form.NFC);
        String unsafe = ObjectNames.problem(objectName);
        if (unsafe != null) {
            throw new IllegalArgumentException("the name '" + Printable.escape(objectName) + "' " + unsafe
                    + "; a receiver takes only safe file names (see --help): pick another with --name");
        }
        IntroducerAddress target = KeyedTransfer.peer(to, "--to", legacy, "ptpmesh receive");
        Args.port(port, "--port", 0);
        TransferConfig config = TransferConfig.defaults().withIdle(idleTimeout, Math.min(1_000, idleTimeout));
        if (blockSize != null) {
            if (!legacy && blockSize > BlockSizes.SEALED) {
                throw new IllegalArgumentException("--block-size " + blockSize + ": a sealed BLOCK holds at most "
                        + BlockSizes.SEALED + " bytes; give less (or --legacy, plain, up to " + BlockSizes.DIRECT + ")");
            }
            config = config.withBlockSize(blockSize);
        }
        if (!legacy) {
            config = config.sealed();
        }
        FileSource source = new FileSource(file);
        try (source; NodeSecurity keys = identity.loadAndShow(!output.json, spec.commandLine().getErr(), loaded -> "")) {
            // the SHA-256 and the hash tree in one pass, before the loop starts (a direct route takes the configured blocks)
            TransferEndpoint.Shared object = source.shared(config.blockSize());
            TransferSession session = output.session(spec, false);
            SecureRandom random = new SecureRandom();
            // a keyed node's UUID is its key's id (docs/protocol.md 6.9); a legacy one's is any
            TransferEndpoint endpoint = new TransferEndpoint(config, legacy ? PeerId.random(random) : keys.identity().peerId(),
                    "sender", BlockStore.NONE, TransferEndpoint.Catalog.NONE, session, random).recordSteps(output.trace != null);
            TransferNode node = new TransferNode(endpoint, port);
            Endpoint receiver = target.endpoint();
            // this end receives nothing and serves no catalog: every report is its own transfer's
            BiConsumer<Long, Effects> offer = (now, out) -> endpoint.offer(objectName, object, node.routeTo(receiver), now, out);
            if (legacy) {
                return session.run(node, Args.anyAddressFor(target.address()), output.trace, offer, r -> true, r -> 0, 0);
            }
            KeyedTransfer keyed = KeyedTransfer.initiator(keys, node, target, "receiver");
            return session.keyed(keyed).run(keyed.node(), Args.anyAddressFor(target.address()), output.trace,
                    keyed.inside(offer), r -> true, r -> 0, 0);
        }
    }
}
