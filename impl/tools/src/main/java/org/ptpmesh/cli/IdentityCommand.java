package org.ptpmesh.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.ptpmesh.identity.IdentityException;
import org.ptpmesh.identity.IdentityFile;
import org.ptpmesh.identity.KnownIntroducers;
import org.ptpmesh.identity.PublicKeys;
import org.ptpmesh.secure.Identity;
import org.ptpmesh.wire.json.WireJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ptpmesh identity}: shows a node's identity, so the key of an introducer can be pinned by its clients. */
@Command(name = "identity", mixinStandardHelpOptions = true,
        header = "Show a node's identity file, peer id and public key.", versionProvider = VersionProvider.class,
        description = {
            "Prints the identity file, the peer id it gives (docs/protocol.md 6.9) and its X25519 public key in "
                + "base64 (44 characters, as WireGuard prints keys). Run it on an introducer, then pin its key on "
                + "the clients: ptpclient -s HOST@KEY, or --introducers HOST:PORT@KEY; run it on a receiver or server, then "
                + "send --to HOST:PORT@KEY or fetch --from HOST:PORT@KEY. The private key is never printed.",
            ""},
        footer = {"", "A node makes its identity on its first run; --create makes it now. The known introducers' "
                + "keys are in the file " + KnownIntroducers.FILE_NAME + " beside it.",
            "Exit codes: 0 shown, 1 no identity (without --create) or an unusable file, 2 usage error.",
            "Example: ptpmesh identity --create --json"})
public final class IdentityCommand implements Callable<Integer> {

    @Mixin
    IdentityOptions identity;

    @Option(names = "--create", description = "Make the identity file when there is none (owner-only, in an owner-only directory)")
    boolean create;

    @Option(names = "--json", description = "Print one JSON object: file, peer_id, public_key (base64), public_key_hex")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path file = identity.file();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!create && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            err.println("error: no identity at " + file + "; 'ptpmesh identity --create' makes one (a node makes it on its first run)");
            return Cli.EXIT_BAD_INPUT;
        }
        Identity shown;
        try {
            shown = create ? IdentityFile.loadOrCreate(file, new SecureRandom()) : IdentityFile.load(file);
        } catch (IdentityException e) {
            err.println("error: " + e.getMessage());
            return Cli.EXIT_BAD_INPUT;
        }
        byte[] key = shown.keys().publicKey();
        if (json) {
            out.println(WireJson.line(WireJson.MAPPER.createObjectNode().put("file", file.toString())
                    .put("peer_id", shown.peerId().toString()).put("public_key", PublicKeys.format(key))
                    .put("public_key_hex", HexFormat.of().formatHex(key))));
        } else {
            out.println("identity file  " + file);
            out.println("peer id        " + shown.peerId());
            out.println("public key     " + PublicKeys.format(key));
        }
        return Cli.EXIT_OK;
    }
}
