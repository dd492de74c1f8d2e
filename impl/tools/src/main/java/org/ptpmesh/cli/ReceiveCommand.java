package org.ptpmesh.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import org.ptpmesh.identity.NodeSecurity;
import org.ptpmesh.transfer.TransferConfig;
import org.ptpmesh.transfer.TransferDefaults;
import org.ptpmesh.transfer.TransferEndpoint;
import org.ptpmesh.transfer.TransferLimits;
import org.ptpmesh.transfer.TransferNode;
import org.ptpmesh.transfer.TransferReport;
import org.ptpmesh.transfer.file.DirectoryStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ptpmesh receive --dir DIR}: waits for a {@code ptpmesh send}, sealed to its key, and stores the file in DIR. */
@Command(name = "receive", mixinStandardHelpOptions = true,
        header = "Receive files sent with 'ptpmesh send' into DIR.", versionProvider = VersionProvider.class,
        description = {
            "Receives files sent with 'ptpmesh send' into DIR. Blocks go into "
                + ".NAME.part with a journal (.NAME.journal), so a restarted receiver, or a "
                + "restarted sender, resumes where it stopped; the file is moved to DIR/NAME "
                + "only once its SHA-256 matches the offer, each block having matched the offer's "
                + "hash tree on arrival. Exits after the first file (or, with --keep-running, never).",
            "Sealed: it prints its identity's public key when it starts (also with --json, on stderr); a sender "
                + "gives it as --to HOST:PORT@KEY, makes a Noise IK handshake with it, and everything travels "
                + "sealed. Plain transfer datagrams are dropped (not_sealed) unless --legacy.",
            ""},
        footer = {"", "Offers are refused, and the sender told so, when DIR/NAME exists (unless "
                + "--force), when DIR lacks the free space, or when the name is not a safe "
                + "file name; a refusal is a note on stderr, and receive waits on.",
            "Strangers: an OFFER is taken only once its sender echoed a cookie (RETRY); blocks only "
                + "from the address the offer came from; an object of more than "
                + TransferDefaults.MAX_BLOCKS_PER_TRANSFER + " blocks is refused; a reception silent "
                + TransferDefaults.STALLED_MILLIS / 1000 + " s gives its slot up when all are taken (its blocks are kept); "
                + "every reception's SHA-256 is computed on a pool of " + TransferDefaults.HASHING_THREADS + " threads. "
                + "Without --keep-running, receive ends with the first file, or with a transfer "
                + "that failed after blocks arrived.",
            "", TransferHelp.SAFE_NAMES, "", TransferHelp.RECEIVED_FILES, "",
            "Exit codes: 0 received, 1 refused or failed, 2 usage error (bad DIR or port).",
            "Examples:",
            "  ptpmesh receive --dir ~/incoming --port 23457 --json",
            "  ptpmesh receive --dir ~/incoming --legacy   (plain senders too)"})
public final class ReceiveCommand implements Callable<Integer> {

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Directory to store received files in")
    Path dir;

    @Mixin
    ListenOptions listen;

    @Option(names = "--force", description = "Overwrite an existing DIR/NAME that differs from the offered file")
    boolean force;

    @Option(names = "--keep-running", description = "Keep receiving after the first file")
    boolean keepRunning;

    @Option(names = "--legacy", description = KeyedTransfer.LEGACY_LISTENER_HELP)
    boolean legacy;

    @Option(names = "--max-receptions", paramLabel = "N", defaultValue = "" + TransferDefaults.MAX_RECEPTIONS,
            description = "Files received at once, from everyone [${DEFAULT-VALUE}]")
    int maxReceptions;

    @Option(names = "--max-receptions-per-peer", paramLabel = "N", defaultValue = "" + TransferDefaults.MAX_RECEPTIONS_PER_PEER,
            description = "Files received at once from one address [${DEFAULT-VALUE}]")
    int maxReceptionsPerPeer;

    @Mixin
    TransferOutputOptions output;

    @Mixin
    IdentityOptions identity;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Args.writableDirectory(dir);
        Args.atLeastOne(maxReceptions, "--max-receptions");
        Args.atLeastOne(maxReceptionsPerPeer, "--max-receptions-per-peer");
        InetAddress address = listen.address();
        try (NodeSecurity keys = identity.loadAndShow(true, spec.commandLine().getErr(),
                loaded -> KeyedTransfer.reachedAs(loaded, "senders", "--to", listen.port))) {
            return receive(address, keys);
        }
    }

    private int receive(InetAddress address, NodeSecurity keys) throws IOException, InterruptedException {
        TransferSession session = output.session(spec, true);
        SecureRandom random = new SecureRandom();
        TransferConfig config = session.fitReceiveBuffer(TransferConfig.defaults()
                .withLimits(TransferLimits.defaults().withReceptions(maxReceptions, maxReceptionsPerPeer)));
        TransferEndpoint endpoint = new TransferEndpoint(config, keys.identity().peerId(), "receiver",
                new DirectoryStore(dir, force), TransferEndpoint.Catalog.NONE, session, random)
                .recordSteps(output.trace != null);
        KeyedTransfer keyed = KeyedTransfer.responder(keys, new TransferNode(endpoint, listen.port), legacy, session::note);
        if (!output.json) {
            spec.commandLine().getErr().println("receiving into " + dir + " on " + listen);
        }
        // A cancelled transfer keeps its journal and waits for the sender to offer again. After
        // the last file the receiver stays a few offer intervals: if its DONE was lost, the
        // sender offers again and must get DONE, not silence until its idle timeout.
        return session.keyed(keyed).run(keyed.node(), address, output.trace, (now, out) -> { },
                r -> !keepRunning && endsReceive(r), r -> TransferSession.doneLingerMillis(config),
                TransferSession.doneQuietMillis(config));
    }

    /**
     * Whether a transfer's end is the one receive waits for: a file received (or already here),
     * or a transfer that failed after blocks arrived. A transfer cancelled by its sender,
     * superseded or given up for a slot waits for the next offer; one of which no block ever
     * arrived was no transfer of this receiver's (an offer nobody followed up, a stranger's).
     */
    static boolean endsReceive(TransferReport r) {
        return r.outcome().succeeded() || r.outcome() != TransferReport.Outcome.CANCELLED && r.blocks() > 0;
    }
}
