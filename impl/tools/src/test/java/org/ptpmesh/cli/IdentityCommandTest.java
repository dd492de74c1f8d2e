package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.identity.IdentityFile;
import org.ptpmesh.identity.PublicKeys;
import org.ptpmesh.secure.Identity;
import org.ptpmesh.wire.json.WireJson;

/** {@code ptpmesh identity}, and {@code --identity} on the commands that run a node, on files in a temporary directory. */
class IdentityCommandTest {

    @TempDir
    Path dir;

    private final CapturedRun command = new CapturedRun();

    @Test
    void withoutAnIdentityItSaysHowToMakeOne() {
        Path file = dir.resolve("identity");
        assertThat(command.run(new PtpmeshCommand(), "identity", "--identity", file.toString())).isEqualTo(Cli.EXIT_BAD_INPUT);
        assertThat(command.err.toString()).contains("no identity at " + file, "--create");
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void createMakesItAndPrintsTheFilePeerIdAndTheKeyToPin() throws Exception {
        Path file = dir.resolve("config/ptpmesh/identity");
        assertThat(command.run(new PtpmeshCommand(), "identity", "--create", "--identity", file.toString())).isEqualTo(Cli.EXIT_OK);

        Identity made = IdentityFile.load(file);
        String key = PublicKeys.format(made.keys().publicKey());
        assertThat(key).hasSize(44);
        assertThat(command.out.toString().lines()).containsExactly("identity file  " + file, "peer id        " + made.peerId(),
                "public key     " + key);
        assertThat(command.out.toString()).doesNotContain(Files.readString(file).split(" ")[1].strip());
    }

    @Test
    void jsonGivesTheKeyInBothForms() throws Exception {
        Path file = dir.resolve("identity");
        command.run(new PtpmeshCommand(), "identity", "--create", "--identity", file.toString());
        command.out.getBuffer().setLength(0);
        assertThat(command.run(new PtpmeshCommand(), "identity", "--json", "--identity", file.toString())).isEqualTo(Cli.EXIT_OK);

        Identity made = IdentityFile.load(file);
        JsonNode json = WireJson.read(command.out.toString().strip());
        assertThat(json.get("file").asText()).isEqualTo(file.toString());
        assertThat(json.get("peer_id").asText()).isEqualTo(made.peerId().toString());
        assertThat(PublicKeys.parse(json.get("public_key").asText())).isEqualTo(made.keys().publicKey());
        assertThat(HexFormat.of().parseHex(json.get("public_key_hex").asText())).isEqualTo(made.keys().publicKey());
    }

    @Test
    void anExposedIdentityIsRefusedWithTheChmodThatFixesIt() throws Exception {
        Path file = dir.resolve("identity");
        command.run(new PtpmeshCommand(), "identity", "--create", "--identity", file.toString());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(command.run(new PtpmeshCommand(), "identity", "--identity", file.toString())).isEqualTo(Cli.EXIT_BAD_INPUT);
        assertThat(command.err.toString()).contains("chmod 600 '" + file + "'");
    }

    @Test
    void aNodeCommandRefusesAnExposedIdentityBeforeItStarts() throws Exception {
        Path file = dir.resolve("identity");
        command.run(new PtpmeshCommand(), "identity", "--create", "--identity", file.toString());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
        Files.createDirectory(dir.resolve("in"));

        assertThat(command.run(new PtpmeshCommand(), "receive", "--dir", dir.resolve("in").toString(), "--port", "40123",
                "--identity", file.toString())).isEqualTo(Cli.EXIT_USAGE);
        assertThat(command.err.toString()).contains(file.toString(), "rw-rw----", "chmod 600 '" + file + "'");
    }

    @Test
    void aNodeCommandMakesItsIdentityOnItsFirstRunAndSaysWhichItIs() throws Exception {
        Path file = dir.resolve("fresh/identity");
        Path served = Files.createDirectory(dir.resolve("served"));
        assertThat(command.run(new PtpmeshCommand(), "send", served.resolve("missing").toString(), "--to", "127.0.0.1:9",
                "--identity", file.toString())).as("no such file: refused before any key is made").isEqualTo(Cli.EXIT_USAGE);
        assertThat(Files.exists(file)).isFalse();

        // ptpclient logs on standard output, as a service's log
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            assertThat(command.run(new PtpclientCommand(), "--nostun", "--no-port-mapping", "--exit-after", "1ms", "--identity", file.toString()))
                    .isEqualTo(Cli.EXIT_OK);
        } finally {
            System.setOut(stdout);
        }
        Identity made = IdentityFile.load(file);
        assertThat(Files.getPosixFilePermissions(file.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        // and runs as that key's id, its server reached sealed
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("peer id " + made.peerId(), PublicKeys.format(made.keys().publicKey()),
                "is reached sealed", "ptpclient " + made.peerId() + " on ");
    }
}
