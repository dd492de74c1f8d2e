package org.ptpmesh.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.secure.KeyLog;
import org.ptpmesh.wire.PeerId;

/** {@link KeyLogFile}: its lines parse back, from many threads at once, into an owner-only file. */
class KeyLogFileTest {

    /** docs/protocol.md 6.9: PTPMESH_SEAL, the sender's id, the addressee's session, the key. */
    private static final Pattern LINE = Pattern.compile("PTPMESH_SEAL ([0-9a-f]{32}) ([0-9a-f]{8}) ([0-9a-f]{64})");

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    @Test
    void withoutTheVariableNothingIsLoggedAndNothingSaid() throws Exception {
        assertThat(KeyLogFile.fromEnvironment(Map.of(), warnings::add)).isSameAs(KeyLog.NONE);
        assertThat(KeyLogFile.fromEnvironment(Map.of(KeyLogFile.VARIABLE, ""), warnings::add)).isSameAs(KeyLog.NONE);
        assertThat(warnings).isEmpty();
    }

    @Test
    void aLineParsesBackToTheSenderSessionAndKey() throws Exception {
        Path file = dir.resolve("keys");
        KeyLog log = KeyLogFile.fromEnvironment(Map.of(KeyLogFile.VARIABLE, file.toString()), warnings::add);
        assertThat(warnings).singleElement().asString().contains("warning", KeyLogFile.VARIABLE, file.toString());
        PeerId sender = PeerId.fromHex("00112233445566778899aabbccddeeff");
        byte[] key = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

        log.sealKey(sender, 0xFEDCBA98L, key);
        log.sealKey(sender, 7, key);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(OwnerOnly.FILE);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        Matcher first = LINE.matcher(lines.get(0));
        assertThat(first.matches()).as(lines.get(0)).isTrue();
        assertThat(PeerId.fromHex(first.group(1))).isEqualTo(sender);
        assertThat(Long.parseLong(first.group(2), 16)).isEqualTo(0xFEDCBA98L);
        assertThat(HexFormat.of().parseHex(first.group(3))).isEqualTo(key);
        assertThat(lines.get(1)).contains(" 00000007 ");
        ((KeyLogFile) log).close();
    }

    @Test
    void anExistingLogIsAppendedTo() throws Exception {
        Path file = dir.resolve("keys");
        try (KeyLogFile first = KeyLogFile.open(file, warnings::add, OwnerOnly.PROCESS_UID)) {
            first.sealKey(PeerId.of(new byte[16]), 1, new byte[32]);
        }
        try (KeyLogFile second = KeyLogFile.open(file, warnings::add, OwnerOnly.PROCESS_UID)) {
            second.sealKey(PeerId.of(new byte[16]), 2, new byte[32]);
        }
        assertThat(Files.readAllLines(file)).hasSize(2);
    }

    @Test
    void linesOfManyThreadsNeverMix() throws Exception {
        Path file = dir.resolve("keys");
        int threads = 8;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (KeyLogFile log = KeyLogFile.open(file, warnings::add, OwnerOnly.PROCESS_UID)) {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        byte[] key = new byte[32];
                        key[0] = (byte) thread;
                        log.sealKey(PeerId.of(new byte[16]), (long) thread * perThread + i, key);
                    }
                }));
            }
            for (Future<?> r : runs) {
                r.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> lines = Files.readAllLines(file);
        Set<Long> sessions = new HashSet<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            sessions.add(Long.parseLong(m.group(2), 16));
        }
        assertThat(sessions).hasSize(threads * perThread);
    }

    @Test
    void anExistingLogOthersMayReadIsRefused() throws Exception {
        Path file = Files.createFile(dir.resolve("keys"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        IdentityException refused = catchThrowableOfType(
                () -> KeyLogFile.fromEnvironment(Map.of(KeyLogFile.VARIABLE, file.toString()), warnings::add), IdentityException.class);
        assertThat(refused.reason()).isEqualTo(IdentityException.Reason.EXPOSED);
        assertThat(refused.getMessage()).contains("chmod 600 '" + file + "'");
        assertThat(warnings).as("no warning of a log that is not active").isEmpty();
    }

    @Test
    void aSessionIndexOrKeyOutOfRangeIsRefused() throws Exception {
        try (KeyLogFile log = KeyLogFile.open(dir.resolve("keys"), warnings::add, OwnerOnly.PROCESS_UID)) {
            assertThatThrownBy(() -> log.sealKey(PeerId.of(new byte[16]), 1L << 32, new byte[32])).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> log.sealKey(PeerId.of(new byte[16]), -1, new byte[32])).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> log.sealKey(PeerId.of(new byte[16]), 1, new byte[31])).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Files.size(dir.resolve("keys"))).isZero();
    }

    @Test
    void aLogThatFailsIsReportedOnceAndTheNodeGoesOn() throws Exception {
        KeyLogFile log = KeyLogFile.open(dir.resolve("keys"), warnings::add, OwnerOnly.PROCESS_UID);
        log.close();
        log.sealKey(PeerId.of(new byte[16]), 1, new byte[32]);
        log.sealKey(PeerId.of(new byte[16]), 2, new byte[32]);
        assertThat(warnings).singleElement().asString().contains("failed");
    }
}
