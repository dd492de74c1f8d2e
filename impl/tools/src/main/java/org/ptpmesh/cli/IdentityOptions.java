package org.ptpmesh.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.function.Function;
import org.ptpmesh.identity.IdentityException;
import org.ptpmesh.identity.IdentityFile;
import org.ptpmesh.identity.KeyLogFile;
import org.ptpmesh.identity.NodeSecurity;
import org.ptpmesh.identity.PublicKeys;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.PeerId;
import picocli.CommandLine.Option;

/**
 * {@code --identity FILE}, on every command that runs a node: where its long-term key is, made on
 * a first run (docs/security.md, "Identity files").
 */
public final class IdentityOptions {

    /** The default, as help shows it: computed when the command runs, from the environment. */
    static final String DEFAULT_HELP = "$XDG_CONFIG_HOME/ptpmesh/identity, else ~/.config/ptpmesh/identity";

    @Option(names = "--identity", paramLabel = "FILE",
            description = "The node's identity (its X25519 private key; owner-only, made on a first run; refused when group"
                    + " or others may use it or it is another user's). Default: " + DEFAULT_HELP + ". Known introducers'"
                    + " keys are kept beside it; " + KeyLogFile.VARIABLE + "=FILE logs session keys (debugging only)."
                    + " ptpserver and ptpclient run sealed with it (ptpclient --legacy without it), and so do the transfer"
                    + " commands (plain with --legacy).")
    Path file;

    /** Where {@value KeyLogFile#VARIABLE} is read: the process's environment (a test gives its own). */
    Map<String, String> environment = System.getenv();

    /** The identity file: the one given, else the default of this environment. */
    Path file() {
        return file != null ? file : IdentityFile.defaultPath(System.getenv(), System.getProperty("user.home"));
    }

    /**
     * Loads the node's keys, trusting {@code pins} above the known introducers; what it notes
     * (an active key log, a refused introducer) goes to {@code err}.
     *
     * @throws IllegalArgumentException with the file's problem and its fix: a usage error
     */
    public NodeSecurity load(Map<Endpoint, byte[]> pins, PrintWriter err) {
        try {
            return NodeSecurity.load(file(), pins, environment, note -> {
                err.println(note);
                err.flush();
            }, new SecureRandom());
        } catch (IdentityException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Loads the node's keys ({@link #load}) and, if {@code show}, says on {@code err} which they
     * are, followed by what {@code how} says of them (how peers reach this node), if not empty.
     */
    NodeSecurity loadAndShow(boolean show, PrintWriter err, Function<NodeSecurity, String> how) {
        NodeSecurity security = load(Map.of(), err);
        if (show) {
            String reached = how.apply(security);
            err.println(describe(security) + (reached.isEmpty() ? "" : "; " + reached));
            err.flush();
        }
        return security;
    }

    /**
     * The id of {@code keys}, which {@code --id} ({@code idText}, or null when not given) may only
     * repeat: a keyed node's id is its key's.
     *
     * @param node what the command calls its node in the error ("client", "peer")
     * @throws IllegalArgumentException when {@code idText} is another id, saying what to do instead
     */
    public static PeerId ownId(NodeSecurity keys, String idText, String node) {
        PeerId own = keys.identity().peerId();
        if (idText != null && !Args.peerId(idText, "--id").equals(own)) {
            throw new IllegalArgumentException("--id " + idText + " is not the id of this " + node + "'s key (" + own + ", from "
                    + keys.identityFile() + "): a keyed " + node + "'s id is its key's. Leave --id out, give --identity the"
                    + " file of that id's key, or run without keys with --legacy");
        }
        return own;
    }

    /** For the node's log: which identity it runs as, and the key to pin it by. */
    public static String describe(NodeSecurity security) {
        return "identity " + security.identityFile() + ": peer id " + security.identity().peerId() + ", public key "
                + PublicKeys.format(security.identity().keys().publicKey());
    }
}
