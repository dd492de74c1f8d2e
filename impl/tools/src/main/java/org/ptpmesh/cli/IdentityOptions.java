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
    NodeSecurity load(Map<Endpoint, byte[]> pins, PrintWriter err) {
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

    /** For the node's log: which identity it runs as, and the key to pin it by. */
    static String describe(NodeSecurity security) {
        return "identity " + security.identityFile() + ": peer id " + security.identity().peerId() + ", public key "
                + PublicKeys.format(security.identity().keys().publicKey());
    }
}
