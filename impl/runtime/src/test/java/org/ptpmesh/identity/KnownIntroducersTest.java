package org.ptpmesh.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptpmesh.wire.Endpoint;

/** {@link KnownIntroducers} on real files: trust on first use, a changed key refused, pins first. */
class KnownIntroducersTest {

    private static final Endpoint A = Endpoint.parse("198.51.100.7:23456");
    private static final Endpoint B = Endpoint.parse("[2001:db8::7]:23456");

    @TempDir
    Path dir;

    private final List<String> refusals = new ArrayList<>();

    @Test
    void aFirstUseIsRecordedOwnerOnlyAndTrustedByTheNextRun() throws Exception {
        Path file = dir.resolve("config/known_introducers");
        KnownIntroducers trust = KnownIntroducers.open(file, Map.of(), refusals::add);
        assertThat(trust.expectedKey(A)).isNull();
        assertThat(Files.exists(file)).as("nothing written before a first use").isFalse();

        assertThat(trust.firstUse(A, key(1))).isTrue();
        assertThat(trust.firstUse(B, key(2))).isTrue();

        assertThat(trust.expectedKey(A)).isEqualTo(key(1));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(OwnerOnly.FILE);
        assertThat(Files.readAllLines(file)).filteredOn(l -> !l.startsWith("#"))
                .containsExactly(A + " " + PublicKeys.format(key(1)), B + " " + PublicKeys.format(key(2)));
        try (var left = Files.list(file.getParent())) {
            assertThat(left).as("no temporary file left").containsExactly(file);
        }
        KnownIntroducers nextRun = KnownIntroducers.open(file, Map.of(), refusals::add);
        assertThat(nextRun.expectedKey(A)).isEqualTo(key(1));
        assertThat(nextRun.expectedKey(B)).isEqualTo(key(2));
        assertThat(refusals).isEmpty();
    }

    @Test
    void aKeyThatDiffersFromTheRecordedOneIsRefusedNamingTheLineToDelete() throws Exception {
        Path file = dir.resolve("known_introducers");
        KnownIntroducers.open(file, Map.of(), refusals::add).firstUse(A, key(1));
        int line = Files.readAllLines(file).indexOf(A + " " + PublicKeys.format(key(1))) + 1;

        KnownIntroducers later = KnownIntroducers.open(file, Map.of(), refusals::add);
        assertThat(later.firstUse(A, key(9))).isFalse();

        assertThat(refusals).singleElement().asString().contains(A.toString(), PublicKeys.format(key(9)), PublicKeys.format(key(1)),
                "delete line " + line + " of " + file);
        assertThat(later.expectedKey(A)).as("the recorded key stays").isEqualTo(key(1));
        assertThat(later.firstUse(A, key(1))).as("the recorded key itself is fine").isTrue();
    }

    @Test
    void aRecordingByAnotherProcessIsSeenAtFirstUse() throws Exception {
        Path file = dir.resolve("known_introducers");
        KnownIntroducers mine = KnownIntroducers.open(file, Map.of(), refusals::add);
        KnownIntroducers.open(file, Map.of(), refusals::add).firstUse(A, key(1));

        assertThat(mine.firstUse(A, key(2))).isFalse();
        assertThat(refusals).singleElement().asString().contains("line");
    }

    @Test
    void aPinWinsOverTheFileAndIsNeverReplaced() throws Exception {
        Path file = dir.resolve("known_introducers");
        KnownIntroducers.open(file, Map.of(), refusals::add).firstUse(A, key(1));
        String before = Files.readString(file);

        KnownIntroducers pinned = KnownIntroducers.open(file, Map.of(A, key(5)), refusals::add);
        assertThat(pinned.expectedKey(A)).isEqualTo(key(5));
        assertThat(pinned.firstUse(A, key(1))).as("the recorded key, not the pin").isFalse();
        assertThat(refusals).singleElement().asString().contains("pinned", PublicKeys.format(key(5)));
        assertThat(pinned.firstUse(A, key(5))).isTrue();
        assertThat(Files.readString(file)).as("a pin is not recorded").isEqualTo(before);
    }

    @Test
    void aFileOthersMayWriteIsRefusedAndOneTheyMayReadIsFine() throws Exception {
        Path file = dir.resolve("known_introducers");
        KnownIntroducers.open(file, Map.of(), refusals::add).firstUse(A, key(1));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(KnownIntroducers.open(file, Map.of(), refusals::add).expectedKey(A)).isEqualTo(key(1));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        IdentityException refused = catchThrowableOfType(() -> KnownIntroducers.open(file, Map.of(), refusals::add),
                IdentityException.class);
        assertThat(refused.reason()).isEqualTo(IdentityException.Reason.EXPOSED);
        assertThat(refused.getMessage()).contains("chmod 600 '" + file + "'");
    }

    @Test
    void aFileOfAnotherUserIsRefused() throws Exception {
        Path file = dir.resolve("known_introducers");
        KnownIntroducers.open(file, Map.of(), refusals::add).firstUse(A, key(1));
        long owner = ((Number) Files.getAttribute(file, "unix:uid")).longValue();
        IdentityException refused = catchThrowableOfType(() -> KnownIntroducers.open(file, Map.of(), refusals::add, () -> owner + 1),
                IdentityException.class);
        assertThat(refused.reason()).isEqualTo(IdentityException.Reason.FOREIGN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"198.51.100.7:23456", "198.51.100.7 MeAwP9ZBjS+MDni5HyLoyu0Pvkhlbc9HZ+SDT3Abj2I=",
        "198.51.100.7:23456 MeAwP9ZBjS+MDni5HyLoyu0Pvkhlbc9HZ+SDT3Abj2I", "example.org:23456 MeAwP9ZBjS+MDni5HyLoyu0Pvkhlbc9HZ+SDT3Abj2I=",
        "198.51.100.7:23456 MeAwP9ZBjS+MDni5HyLoyu0Pvkhlbc9HZ+SDT3Abj2I= extra"})
    void aMalformedLineIsRefusedByItsNumber(String bad) throws Exception {
        Path file = ownerOnly("# comment\n\n" + bad + "\n");
        IdentityException refused = catchThrowableOfType(() -> KnownIntroducers.open(file, Map.of(), refusals::add),
                IdentityException.class);
        assertThat(refused.reason()).isEqualTo(IdentityException.Reason.MALFORMED);
        assertThat(refused.getMessage()).contains(file + " line 3:", "HOST:PORT KEY");
    }

    @Test
    void anIntroducerOnTwoLinesIsRefused() throws Exception {
        String line = A + " " + PublicKeys.format(key(1)) + "\n";
        Path file = ownerOnly(line + line);
        IdentityException refused = catchThrowableOfType(() -> KnownIntroducers.open(file, Map.of(), refusals::add),
                IdentityException.class);
        assertThat(refused.getMessage()).contains("line 2", "already on line 1");
    }

    @Test
    void aFullFileRecordsNoMore() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < KnownIntroducers.MAX_ENTRIES; i++) {
            lines.append(Endpoint.of("10.0." + (i >> 8) + "." + (i & 0xFF), 1)).append(' ').append(PublicKeys.format(key(1))).append('\n');
        }
        Path file = ownerOnly(lines.toString());
        KnownIntroducers full = KnownIntroducers.open(file, Map.of(), refusals::add);
        assertThat(full.expectedKey(Endpoint.of("10.0.0.0", 1))).isEqualTo(key(1));

        assertThat(full.firstUse(A, key(2))).isFalse();
        assertThat(refusals).singleElement().asString().contains("already records " + KnownIntroducers.MAX_ENTRIES);
    }

    @Test
    void theFileIsBesideTheIdentity() {
        assertThat(KnownIntroducers.beside(Path.of("/home/u/.config/ptpmesh/identity")))
                .isEqualTo(Path.of("/home/u/.config/ptpmesh/known_introducers"));
    }

    private Path ownerOnly(String content) throws Exception {
        Path file = Files.createFile(dir.resolve("known_introducers"), OwnerOnly.FILE_ATTRIBUTE);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }
}
