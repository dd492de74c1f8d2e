package org.ptpmesh.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import org.ptpmesh.transfer.TransferConfig;
import org.ptpmesh.transfer.TransferEndpoint;
import org.ptpmesh.transfer.TransferNode;
import org.ptpmesh.transfer.TransferReport;
import org.ptpmesh.transfer.file.DirectoryStore;
import org.ptpmesh.wire.PeerId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ptpmesh receive --dir DIR}: waits for a {@code ptpmesh send} and stores the file in DIR. */
@Command(name = "receive", mixinStandardHelpOptions = true,
        header = "Receive files sent with 'ptpmesh send' into DIR.", versionProvider = VersionProvider.class,
        description = {
            "Receives files sent with 'ptpmesh send' into DIR. Blocks go into "
                + ".NAME.part with a journal (.NAME.journal), so a restarted receiver, or a "
                + "restarted sender, resumes where it stopped; the file is moved to DIR/NAME "
                + "only once its SHA-256 matches the offer. Exits after the first file (or, "
                + "with --keep-running, never).",
            ""},
        footer = {"", "Offers are refused, and the sender told so, when DIR/NAME exists (unless "
                + "--force), when DIR lacks the free space, or when the name is not a safe "
                + "file name.",
            "", TransferHelp.SAFE_NAMES, "", TransferHelp.RECEIVED_FILES, "",
            "Exit codes: 0 received, 1 refused or failed, 2 usage error (bad DIR or port).",
            "Example: ptpmesh receive --dir ~/incoming --port 23457 --json"})
public final class ReceiveCommand implements Callable<Integer> {

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Directory to store received files in")
    Path dir;

    @Mixin
    ListenOptions listen;

    @Option(names = "--force", description = "Overwrite an existing DIR/NAME that differs from the offered file")
    boolean force;

    @Option(names = "--keep-running", description = "Keep receiving after the first file")
    boolean keepRunning;

    @Mixin
    TransferOutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Args.writableDirectory(dir);
        InetAddress address = listen.address();
        TransferSession session = output.session(spec, true);
        SecureRandom random = new SecureRandom();
        TransferConfig config = session.fitReceiveBuffer(TransferConfig.defaults());
        TransferEndpoint endpoint = new TransferEndpoint(config, PeerId.random(random), "receiver",
                new DirectoryStore(dir, force), TransferEndpoint.Catalog.NONE, session, random)
                .recordSteps(output.trace != null);
        if (!output.json) {
            spec.commandLine().getErr().println("receiving into " + dir + " on " + listen);
        }
        // A cancelled transfer keeps its journal and waits for the sender to offer again. After
        // the last file the receiver stays a few offer intervals: if its DONE was lost, the
        // sender offers again and must get DONE, not silence until its idle timeout.
        return session.run(new TransferNode(endpoint, listen.port), address, output.trace, (now, out) -> { },
                r -> !keepRunning && r.outcome() != TransferReport.Outcome.CANCELLED, r -> TransferSession.doneLingerMillis(config));
    }
}
