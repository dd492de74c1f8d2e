package org.ptpmesh.conformance.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.wire.PeerId;

class SealKeysTest {

    private static final String ID = "7cef225120f1f1abd198e36d7e36f68b";
    private static final String KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    @Test
    void aLineGivesTheKeyOfItsSenderAndSession() {
        SealKeys keys = SealKeys.parse(List.of("# a node's key log", "", "PTPMESH_SEAL " + ID + " 0b93c257 " + KEY,
                "  PTPMESH_SEAL\t" + ID + " 0b93c257   " + KEY + "  "));
        assertThat(keys.size()).as("the same line twice is one key").isEqualTo(1);
        assertThat(keys.keyFor(PeerId.fromHex(ID), 0x0b93c257L)).hasValueSatisfying(
                k -> assertThat(HexFormat.of().formatHex(k)).isEqualTo(KEY));
        assertThat(keys.keyFor(PeerId.fromHex(ID), 0x0b93c258L)).isEmpty();
        assertThat(keys.keyFor(PeerId.fromHex(KEY.substring(0, 32)), 0x0b93c257L)).isEmpty();
    }

    @Test
    void aSessionAboveTwoToThe31IsUnsigned() {
        SealKeys keys = SealKeys.parse(List.of("PTPMESH_SEAL " + ID + " ffffffff " + KEY));
        assertThat(keys.keyFor(PeerId.fromHex(ID), 0xffffffffL)).isPresent();
    }

    @Test
    void aBadLineIsRefusedWithItsNumberAndWhatIsWrong() {
        refused("CLIENT_RANDOM " + ID + " 0b93c257 " + KEY, "line 2 starts with \"CLIENT_RANDOM\", not PTPMESH_SEAL");
        refused("PTPMESH_SEAL " + ID + " 0b93c257", "line 2 needs 3 fields after PTPMESH_SEAL (sender id, PEERSESSION, key), has 2");
        refused("PTPMESH_SEAL " + ID.substring(2) + " 0b93c257 " + KEY, "line 2 has a sender id of 30 hex digits, not 32");
        refused("PTPMESH_SEAL " + ID + " b93c257 " + KEY, "line 2 has a PEERSESSION of 7 hex digits, not 8");
        refused("PTPMESH_SEAL " + ID + " 0b93c257 " + KEY.replace('a', 'g'), "line 2 has a key that is not hex: \"");
        refused("PTPMESH_SEAL " + ID + " 0b93c257 " + KEY.substring(0, 62) + "ff",
                "line 2 gives sender " + ID + " session 0b93c257 another key than line 1");
    }

    @Test
    void aFileIsReadAndNamedInItsRefusal(@TempDir Path tmp) throws Exception {
        Path log = Files.writeString(tmp.resolve("keys.log"), "PTPMESH_SEAL " + ID + " 0b93c257 " + KEY + "\n");
        assertThat(SealKeys.read(log).size()).isEqualTo(1);
        Path bad = Files.writeString(tmp.resolve("bad.log"), "\n\nPTPMESH_SEAL x\n");
        assertThatThrownBy(() -> SealKeys.read(bad)).isInstanceOf(SealKeys.BadKeyLogException.class)
                .hasMessage(bad + ": line 3 needs 3 fields after PTPMESH_SEAL (sender id, PEERSESSION, key), has 1");
        Path binary = Files.write(tmp.resolve("binary.log"), new byte[] {'#', ' ', (byte) 0xff, '\n'});
        assertThatThrownBy(() -> SealKeys.read(binary)).isInstanceOf(SealKeys.BadKeyLogException.class)
                .hasMessage(binary + ": line 1 is not UTF-8 text: byte 0xff at byte 2");
        Path longLine = Files.writeString(tmp.resolve("long.log"), "#" + "x".repeat(SealKeys.MAX_LINE_BYTES) + "\n");
        assertThatThrownBy(() -> SealKeys.read(longLine)).isInstanceOf(SealKeys.BadKeyLogException.class)
                .hasMessage(longLine + ": line 1 is " + (SealKeys.MAX_LINE_BYTES + 1) + " bytes; a line holds at most "
                        + SealKeys.MAX_LINE_BYTES);
    }

    private static void refused(String secondLine, String message) {
        assertThatThrownBy(() -> SealKeys.parse(List.of("PTPMESH_SEAL " + ID + " 0b93c257 " + KEY, secondLine)))
                .isInstanceOf(SealKeys.BadKeyLogException.class).hasMessageStartingWith(message);
    }
}
