package org.ptpmesh.identity;

import org.ptpmesh.secure.Identity;
import org.ptpmesh.secure.KeyedPeerId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link IdentityFile} on real files in a temporary directory. */
class IdentityFileTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    @Test
    void theFirstRunMakesAnOwnerOnlyFileAndLaterRunsReadTheSameIdentity() throws Exception {
        Path file = dir.resolve("config/ptpmesh/identity");
        Identity first = IdentityFile.loadOrCreate(file, RANDOM);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(OwnerOnly.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(Files.readString(file)).matches(IdentityFile.PREFIX + " [0-9a-f]{64}\n");
        try (var left = Files.list(file.getParent())) {
            assertThat(left).as("no temporary file left").containsExactly(file);
        }
        Identity again = IdentityFile.loadOrCreate(file, RANDOM);
        assertThat(again.keys().publicKey()).isEqualTo(first.keys().publicKey());
        assertThat(again.peerId()).isEqualTo(first.peerId());
        assertThat(IdentityFile.load(file).peerId()).isEqualTo(first.peerId());
    }

    @Test
    void twoRunsAtOnceEndWithOneIdentity() throws Exception {
        Path file = dir.resolve("identity");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Identity>> runs = new ArrayList<>();
            Callable<Identity> run = () -> IdentityFile.loadOrCreate(file, RANDOM);
            for (int i = 0; i < 8; i++) {
                runs.add(pool.submit(run));
            }
            Set<String> ids = new HashSet<>();
            for (Future<Identity> r : runs) {
                ids.add(r.get().peerId().toString());
            }
            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r-----", "rw----r--", "rw-rw-rw-", "rw-----w-", "rw---x---"})
    void aFileOthersMayUseIsRefusedAndLeftAsItIs(String permissions) throws Exception {
        Path file = dir.resolve("identity");
        IdentityFile.loadOrCreate(file, RANDOM);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));

        IdentityException refused = catchThrowableOfType(() -> IdentityFile.loadOrCreate(file, RANDOM), IdentityException.class);
        assertThat(refused.reason()).isEqualTo(IdentityException.Reason.EXPOSED);
        assertThat(refused.getMessage()).contains(file.toString(), permissions, "chmod 600 '" + file + "'");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo(permissions);
    }

    @Test
    void aFileOfAnotherUserIsRefusedWithTheChownThatFixesIt() throws Exception {
        Path file = dir.resolve("identity");
        IdentityFile.loadOrCreate(file, RANDOM);
        long owner = ((Number) Files.getAttribute(file, "unix:uid")).longValue();

        IdentityException refused = catchThrowableOfType(() -> IdentityFile.load(file, () -> owner + 1), IdentityException.class);
        assertThat(refused.reason()).isEqualTo(IdentityException.Reason.FOREIGN);
        assertThat(refused.getMessage()).contains(file.toString(), "user id " + owner, "sudo chown " + (owner + 1) + " '" + file + "'");
        assertThat(IdentityFile.load(file, () -> owner)).as("its owner may use it").isNotNull();
    }

    @Test
    void theDefaultIsUnderXdgConfigHomeWhenItIsAnAbsolutePathElseUnderDotConfig() {
        assertThat(IdentityFile.defaultPath(Map.of("XDG_CONFIG_HOME", "/xdg"), "/home/u")).isEqualTo(Path.of("/xdg/ptpmesh/identity"));
        assertThat(IdentityFile.defaultPath(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.config/ptpmesh/identity"));
        // the XDG rule: a relative value is invalid and ignored
        assertThat(IdentityFile.defaultPath(Map.of("XDG_CONFIG_HOME", "xdg"), "/home/u")).isEqualTo(Path.of("/home/u/.config/ptpmesh/identity"));
    }

    @Test
    void aFileInADirectoryOthersMayWriteIsRefusedSinceTheyMayReplaceIt() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Path file = shared.resolve("identity");
        IdentityFile.loadOrCreate(file, RANDOM);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxr-x"));

        IdentityException refused = catchThrowableOfType(() -> IdentityFile.load(file), IdentityException.class);
        assertThat(refused.reason()).isEqualTo(IdentityException.Reason.EXPOSED);
        assertThat(refused.getMessage()).contains(shared.toString(), "chmod go-w '" + shared + "'");
    }

    @Test
    void aStickyDirectoryOthersMayWriteIsFine() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Path file = shared.resolve("identity");
        Identity made = IdentityFile.loadOrCreate(file, RANDOM);
        // as /tmp: only a file's owner may rename or remove it there (NIO cannot set the sticky bit)
        assertThat(new ProcessBuilder("chmod", "1777", shared.toString()).start().waitFor()).isZero();

        assertThat(IdentityFile.load(file).peerId()).isEqualTo(made.peerId());
    }

    @Test
    void aNarrowerFileIsFine() throws Exception {
        Path file = dir.resolve("identity");
        Identity made = IdentityFile.loadOrCreate(file, RANDOM);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertThat(IdentityFile.load(file).peerId()).isEqualTo(made.peerId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "garbage", IdentityFile.PREFIX + " 00",
        IdentityFile.PREFIX + " 0000000000000000000000000000000000000000000000000000000000000000\nmore\n",
        IdentityFile.PREFIX + " 000000000000000000000000000000000000000000000000000000000000000g\n",
        IdentityFile.PREFIX + "  0000000000000000000000000000000000000000000000000000000000000000\n"})
    void aMalformedFileIsRefusedNotReplaced(String content) throws Exception {
        Path file = ownerOnlyFile(content.getBytes(StandardCharsets.US_ASCII));
        IdentityException refused = catchThrowableOfType(() -> IdentityFile.loadOrCreate(file, RANDOM), IdentityException.class);
        assertThat(refused.reason()).isEqualTo(IdentityException.Reason.MALFORMED);
        assertThat(refused.getMessage()).contains(file.toString(), "not a ptpmesh identity file");
        assertThat(Files.readString(file)).isEqualTo(content);
    }

    @Test
    void aHugeFileIsRefusedWithoutReadingItAll() throws Exception {
        Path file = ownerOnlyFile(new byte[1024 * 1024]);
        IdentityException refused = catchThrowableOfType(() -> IdentityFile.load(file), IdentityException.class);
        assertThat(refused.reason()).isEqualTo(IdentityException.Reason.MALFORMED);
    }

    @Test
    void aDirectoryInItsPlaceIsUnusable() throws Exception {
        Path file = Files.createDirectory(dir.resolve("identity"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        IdentityException refused = catchThrowableOfType(() -> IdentityFile.loadOrCreate(file, RANDOM), IdentityException.class);
        assertThat(refused.reason()).isEqualTo(IdentityException.Reason.UNUSABLE);
        assertThat(refused.getMessage()).contains("not a regular file");
    }

    @Test
    void theKeyInTheFileIsTheIdentitysKey() throws Exception {
        // the responder's static key of the cacophony vectors, whose public key they give
        Path file = ownerOnlyFile((IdentityFile.PREFIX + " 4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893\n")
                .getBytes(StandardCharsets.US_ASCII));
        Identity identity = IdentityFile.load(file);
        assertThat(identity.keys().publicKey()).isEqualTo(HexFormat.of().parseHex("31e0303fd6418d2f8c0e78b91f22e8caed0fbe48656dcf4767e4834f701b8f62"));
        assertThat(identity.peerId()).isEqualTo(KeyedPeerId.of(identity.keys().publicKey()));
    }

    private Path ownerOnlyFile(byte[] content) throws IOException {
        Path file = Files.createFile(dir.resolve("identity"), PosixFilePermissions.asFileAttribute(OwnerOnly.FILE));
        Files.write(file, content);
        return file;
    }
}
