package org.ptpmesh.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.secure.KeyLog;
import org.ptpmesh.wire.Endpoint;

/** {@link NodeSecurity#load}: the identity, the trust beside it with the pins first, the key log of the environment. */
class NodeSecurityTest {

    @TempDir
    Path dir;

    private final List<String> notes = new ArrayList<>();

    @Test
    void aFirstRunMakesTheIdentityAndTrustsThePinsAndTheFileBesideIt() throws Exception {
        Path identityFile = dir.resolve("ptpmesh/identity");
        Endpoint pinned = Endpoint.parse("192.0.2.1:23456");
        Endpoint recorded = Endpoint.parse("192.0.2.2:23456");
        byte[] pin = new byte[32];
        pin[0] = 1;
        try (NodeSecurity first = NodeSecurity.load(identityFile, Map.of(pinned, pin), Map.of(), notes::add, new SecureRandom())) {
            assertThat(first.identity().peerId()).isEqualTo(IdentityFile.load(identityFile).peerId());
            assertThat(first.trust().expectedKey(pinned)).isEqualTo(pin);
            assertThat(first.trust().firstUse(recorded, new byte[32])).isTrue();
            assertThat(first.keyLog()).isSameAs(KeyLog.NONE);
        }
        assertThat(Files.exists(identityFile.resolveSibling(KnownIntroducers.FILE_NAME))).isTrue();
        try (NodeSecurity second = NodeSecurity.load(identityFile, Map.of(), Map.of(), notes::add, new SecureRandom())) {
            assertThat(second.trust().expectedKey(recorded)).isEqualTo(new byte[32]);
            assertThat(second.trust().expectedKey(pinned)).as("a pin lives on the command line only").isNull();
        }
        assertThat(notes).isEmpty();
    }

    @Test
    void aKeyLogInTheEnvironmentIsOpenedAndAnnounced() throws Exception {
        Path log = dir.resolve("keys");
        try (NodeSecurity security = NodeSecurity.load(dir.resolve("identity"), Map.of(),
                Map.of(KeyLogFile.VARIABLE, log.toString()), notes::add, new SecureRandom())) {
            assertThat(security.keyLog()).isInstanceOf(KeyLogFile.class);
            security.keyLog().sealKey(security.identity().peerId(), 1, new byte[32]);
        }
        assertThat(notes).singleElement().asString().startsWith("warning: " + KeyLogFile.VARIABLE);
        assertThat(Files.readString(log)).startsWith("PTPMESH_SEAL " + IdentityFile.load(dir.resolve("identity")).peerId());
    }
}
