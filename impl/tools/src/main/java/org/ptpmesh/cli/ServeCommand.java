package org.ptpmesh.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import org.ptpmesh.identity.NodeSecurity;
import org.ptpmesh.trace.Printable;
import org.ptpmesh.transfer.BlockStore;
import org.ptpmesh.transfer.TransferConfig;
import org.ptpmesh.transfer.TransferDefaults;
import org.ptpmesh.transfer.TransferEndpoint;
import org.ptpmesh.transfer.TransferLimits;
import org.ptpmesh.transfer.TransferNode;
import org.ptpmesh.transfer.file.DirectoryCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ptpmesh serve --dir DIR}: answers {@code ptpmesh fetch} with the files of DIR. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        header = "Serve the files of DIR to 'ptpmesh fetch'.", versionProvider = VersionProvider.class,
        description = {
            "Serves the files of DIR to 'ptpmesh fetch': a FETCH naming a file of DIR is "
                + "answered by an OFFER with its size and SHA-256, then the blocks the fetcher "
                + "asks for; any other name by CANCEL (object unavailable). Files are hashed "
                + "before serving starts; a file added or changed later is hashed when first "
                + "asked for, and served to the fetches after that. Runs until interrupted "
                + "(or, with --once, until the first transfer ends).",
            "Sealed: it prints its identity's public key when it starts (also with --json, on stderr); a fetcher "
                + "gives it as --from HOST:PORT@KEY, makes a Noise IK handshake with it, and everything travels "
                + "sealed, in 1280-byte blocks. Plain transfer datagrams are dropped (not_sealed) unless --legacy.",
            ""},
        footer = {"", "Served: regular files of DIR with a safe name (below) and no other name. "
                + "Not served: hidden files (so no .NAME.part or .NAME.journal of a receiver), "
                + "symbolic links, files with more than one hard link (they may be files of "
                + "another directory), subdirectories, devices and pipes.",
            "A FETCH is answered only once its sender echoed a cookie (RETRY), so a forged "
                + "source gets no more bytes than it sent; a transfer silent "
                + TransferDefaults.STALLED_MILLIS / 1000 + " s gives its slot up when all are taken. "
                + "OFFERs are dropped: this end only sends.",
            "", TransferHelp.SAFE_NAMES, "",
            "Exit codes (with --once): 0 the file was sent, 1 the transfer failed; "
                + "2 usage error (bad DIR or port). Without --once, stop it with Ctrl-C.",
            "Examples:",
            "  ptpmesh serve --dir ~/shared --port 23457",
            "  ptpmesh serve --dir ~/shared --legacy   (plain fetchers too)"})
public final class ServeCommand implements Callable<Integer> {

    /** Files at least this big show hashing progress at the start. */
    private static final long BIG_FILE = 64L << 20;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Directory whose files are served")
    Path dir;

    @Mixin
    ListenOptions listen;

    @Option(names = "--once", description = "Exit after the first transfer ends")
    boolean once;

    @Option(names = "--legacy", description = KeyedTransfer.LEGACY_LISTENER_HELP)
    boolean legacy;

    @Option(names = "--max-servings", paramLabel = "N", defaultValue = "" + TransferDefaults.MAX_SERVINGS,
            description = "Files served at once, to everyone [${DEFAULT-VALUE}]")
    int maxServings;

    @Option(names = "--max-servings-per-peer", paramLabel = "N", defaultValue = "" + TransferDefaults.MAX_SERVINGS_PER_PEER,
            description = "Files served at once to one address [${DEFAULT-VALUE}]")
    int maxServingsPerPeer;

    @Mixin
    TransferOutputOptions output;

    @Mixin
    IdentityOptions identity;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!Files.isDirectory(dir) || !Files.isReadable(dir)) {
            throw new IllegalArgumentException("--dir " + dir + ": not a readable directory; give the directory to serve");
        }
        Args.atLeastOne(maxServings, "--max-servings");
        Args.atLeastOne(maxServingsPerPeer, "--max-servings-per-peer");
        InetAddress address = listen.address();
        PrintWriter err = spec.commandLine().getErr();
        TransferSession session = output.session(spec, false);
        // sealed blocks for everyone, plain fetchers of --legacy too: one hash tree a file
        TransferConfig config = TransferConfig.defaults().sealed()
                .withLimits(TransferLimits.defaults().withServings(maxServings, maxServingsPerPeer));
        try (NodeSecurity keys = identity.loadAndShow(true, err, loaded -> KeyedTransfer.reachedAs(loaded, "fetchers", "--from",
                listen.port));
             DirectoryCatalog catalog = DirectoryCatalog.open(dir, config.blockSize(), new Notes(err, output.showsProgress()))) {
            List<String> names = catalog.names();
            if (!output.json) {
                err.println("serving " + names.size() + " file" + (names.size() == 1 ? "" : "s") + " of " + catalog.dir()
                        + " on " + listen);
            }
            SecureRandom random = new SecureRandom();
            TransferEndpoint endpoint = new TransferEndpoint(config, keys.identity().peerId(), "server",
                    BlockStore.NONE, catalog, session, random).recordSteps(output.trace != null);
            KeyedTransfer keyed = KeyedTransfer.responder(keys, new TransferNode(endpoint, listen.port), legacy, session::note);
            return session.keyed(keyed).run(keyed.node(), address, output.trace, (now, out) -> { }, r -> once, r -> 0, 0);
        }
    }

    /** The catalog's news on stderr: hashing progress for big files, and fetches of names it does not serve. */
    private static final class Notes implements DirectoryCatalog.Listener {
        private final PrintWriter err;
        private final boolean bar;
        private String current;
        private long startedAt;
        private long drawnAt;

        Notes(PrintWriter err, boolean bar) {
            this.err = err;
            this.bar = bar;
        }

        @Override
        public void hashing(String name, long done, long size) {
            if (size < BIG_FILE) {
                return;
            }
            long now = System.currentTimeMillis();
            if (!name.equals(current)) {
                current = name;
                startedAt = now;
                if (!bar) {
                    err.println("hashing " + Printable.escape(name) + " (" + ProgressBar.bytes(size) + ")");
                }
            }
            if (bar && (done == size || now - drawnAt >= 200)) {
                drawnAt = now;
                err.print("\r" + ProgressBar.render("hashing " + Printable.escape(name), done, size, now - startedAt)
                        + (done == size ? "\n" : ""));
            }
            err.flush();
        }

        @Override
        public void refused(String name, String why) {
            // the name is whatever a stranger sent: escaped, it cannot drive the terminal
            err.println("note: fetch of '" + Printable.escape(name) + "' refused: " + Printable.escape(why));
            err.flush();
        }
    }
}
