package org.ptpmesh.conformance.dissector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.conformance.pcap.CaptureValidator;
import org.ptpmesh.conformance.pcap.PacketVerdict;
import org.ptpmesh.conformance.pcap.SealKeys;
import org.ptpmesh.conformance.pcap.ValidationOptions;

/**
 * The dissector opens the SEALED datagrams of a live keyed session (pcap-fixtures/valid/
 * ptpmesh-sealed-live.pcap, recorded by ci/capture-sealed with its key log beside it) as
 * {@code ptpconform pcap --keylog} does, dissects the inner datagrams as ptpmesh, and says why it
 * could not where it cannot: no key, a key that does not open (tag mismatch), a damaged key log.
 */
class SealedDissectorTest extends WithTshark {

    private static final Path CAPTURE = LuaDissector.repo().resolve("pcap-fixtures/valid/ptpmesh-sealed-live.pcap");
    private static final Path KEYS = LuaDissector.repo().resolve("pcap-fixtures/valid/ptpmesh-sealed-live.keys");
    private static final String[] FIELDS = {"frame.number", "ptpmesh.sealed", "ptpmesh.kind", "ptpmesh.checksum.status",
        "ptpmesh.violation", "_ws.expert.message"};

    /** Frame by frame, the dissector opens what ptpconform opens, to the same inner kind, and the inner datagrams are sound. */
    @Test
    void theKeyLogOpensEverySealedDatagramAsPtpconformDoes() throws Exception {
        List<String> expected = new ArrayList<>();
        for (PacketVerdict p : new CaptureValidator(ValidationOptions.defaults(), SealKeys.read(KEYS)).validate(CAPTURE).packets()) {
            if ("SEALED".equals(p.kind())) {
                assertThat(p.opened()).as("frame %d opened by ptpconform", p.frame()).isNotNull();
                expected.add(p.frame() + "|opened|SEALED," + p.opened().kind() + "|good,good||");
            }
        }
        assertThat(expected).as("sealed datagrams in the fixture").hasSizeGreaterThan(20);
        assertThat(expected).as("inner kinds").anyMatch(r -> r.contains("SEALED,REGISTER"))
                .anyMatch(r -> r.contains("SEALED,LIST")).anyMatch(r -> r.contains("SEALED,SHUTDOWN"));
        assertThat(sealedFrames(withPreference(KEYS))).containsExactlyElementsOf(expected);
    }

    /** A sealed REGISTER's inner UUID is the sender's id the plain header shows: the keyed node registers its own id. */
    @Test
    void anOpenedRegisterShowsItsUuid() throws Exception {
        List<String> cmd = withPreference(KEYS);
        cmd.addAll(List.of("-Y", "ptpmesh.kind == \"REGISTER\""));
        cmd.addAll(Tshark.fields("ptpmesh.tlv.name", "ptpmesh.tlv.value"));
        List<String> rows = Tshark.run(home, cmd, Map.of());
        assertThat(rows).isNotEmpty();
        Set<String> senders = Files.readAllLines(KEYS).stream().map(l -> l.split(" ")[1]).collect(Collectors.toSet());
        for (String row : rows) {
            List<String> names = Arrays.asList(row.split("\\|")[0].split(","));
            List<String> values = Arrays.asList(row.split("\\|", -1)[1].split(",", -1));
            assertThat(names).as("outer SEALED header, then the inner REGISTER").startsWith("MSGKIND", "UUID", "PEERSESSION", "COUNTER")
                    .contains("CLIENTVER", "PTPADDR", "MYTS");
            int inner = names.indexOf("CLIENTVER");
            String outerUuid = values.get(names.indexOf("UUID"));
            String innerUuid = values.get(names.subList(inner, names.size()).indexOf("UUID") + inner);
            assertThat(innerUuid).as(row).isEqualTo(outerUuid).isIn(senders);
        }
    }

    @Test
    void thePtpmeshKeylogVariableNamesTheKeyLogWhenThePreferenceIsEmpty() throws Exception {
        List<String> rows = sealedFrames(Tshark.reading(CAPTURE), Map.of(Tshark.KEYLOG_VARIABLE, KEYS.toString()));
        assertThat(rows).isNotEmpty().allMatch(r -> r.split("\\|")[1].equals("opened"));
    }

    /** Every key of the log altered: every SEALED datagram stays sealed, with a tag mismatch. */
    @Test
    void aWrongKeyIsATagMismatch() throws Exception {
        Path wrong = home.resolve("wrong.keys");
        Files.write(wrong, Files.readAllLines(KEYS).stream().map(SealedDissectorTest::otherKey).toList());
        List<String> rows = sealedFrames(withPreference(wrong));
        assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(r)
                .matches("\\d+\\|tag mismatch\\|SEALED\\|good\\|\\|tag mismatch: the key logged for sender [0-9a-f]{32} session"
                        + " [0-9a-f]{8} does not open COUNTER \\d+"));
    }

    /** Without a key log a SEALED datagram is dissected as one, its payload opaque. */
    @Test
    void withoutAKeyLogTheDatagramIsDissectedAsSealed() throws Exception {
        List<String> rows = sealedFrames(Tshark.reading(CAPTURE), Map.of());
        assertThat(rows).hasSizeGreaterThan(20).allSatisfy(r -> assertThat(r)
                .matches("\\d+\\|no key\\|SEALED\\|good\\|\\|sealed, no key log \\(preference ptpmesh.keylog or PTPMESH_KEYLOG\\)"));
    }

    /** A log with a key for other sessions only: no key for these. */
    @Test
    void aKeyLogOfOtherSessionsHasNoKey() throws Exception {
        Path other = home.resolve("other.keys");
        Files.writeString(other, "# another run\n\nPTPMESH_SEAL " + "ab".repeat(16) + " 00000001 " + "cd".repeat(32) + "\n");
        assertThat(sealedFrames(withPreference(other))).isNotEmpty().allSatisfy(r -> assertThat(r)
                .contains("|no key|SEALED|").contains("sealed, no key in " + other + " for sender "));
    }

    /** A damaged log is refused whole, as ptpconform refuses it, naming the line and what is wrong with it. */
    @Test
    void aDamagedKeyLogIsRefusedWithItsLine() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(KEYS));
        Map<String, String> damages = Map.of(
                "PTPMESH_SEAL zz", "line 9 needs 3 fields after PTPMESH_SEAL (sender id, PEERSESSION, key), has 1",
                "SSLKEYLOG a b c", "line 9 starts with \"SSLKEYLOG\", not PTPMESH_SEAL",
                lines.get(0).substring(0, lines.get(0).length() - 1) + "g", "line 9 has a key that is not hex",
                otherKey(lines.get(0)), "line 9 gives sender and session " + lines.get(0).split(" ")[1] + " "
                        + lines.get(0).split(" ")[2] + " another key than line 1");
        for (Map.Entry<String, String> damage : damages.entrySet()) {
            List<String> damaged = new ArrayList<>(lines);
            damaged.add(damage.getKey());
            Path log = Files.createTempFile(home, "damaged", ".keys");
            Files.write(log, damaged);
            assertThat(sealedFrames(withPreference(log))).as(damage.getKey()).isNotEmpty().allSatisfy(r -> assertThat(r)
                    .endsWith("|key log refused|SEALED|good||key log refused: " + log + ": " + damage.getValue()));
        }
    }

    /** Installed as docs/conformance.md says (both Lua files in the plugin folder), it finds its cipher and opens. */
    @Test
    void installedAsAPluginBesideItsCipherItOpens(@TempDir Path profile) throws Exception {
        Path plugins = Files.createDirectories(profile.resolve(".local/lib/wireshark/plugins"));
        for (String file : List.of("ptpmesh.lua", "ptpmesh_aesgcm.lua")) {
            Files.copy(LuaDissector.script().resolveSibling(file), plugins.resolve(file));
        }
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", CAPTURE.toString(), "-Y", "ptpmesh.sealed"));
        cmd.addAll(Tshark.fields("ptpmesh.sealed"));
        List<String> rows = Tshark.run(profile, cmd, Map.of(Tshark.KEYLOG_VARIABLE, KEYS.toString()));
        assertThat(rows).hasSizeGreaterThan(20).containsOnly("opened");
    }

    private static List<String> withPreference(Path keyLog) {
        List<String> cmd = Tshark.reading(CAPTURE);
        cmd.addAll(List.of("-o", "ptpmesh.keylog:" + keyLog));
        return cmd;
    }

    private static List<String> sealedFrames(List<String> cmd) throws Exception {
        return sealedFrames(cmd, Map.of());
    }

    /** The frames with a SEALED datagram that keeps its rules (the ones the dissector tries to open), one row each. */
    private static List<String> sealedFrames(List<String> cmd, Map<String, String> environment) throws Exception {
        List<String> full = new ArrayList<>(cmd);
        full.addAll(List.of("-Y", "ptpmesh.sealed"));
        full.addAll(Tshark.fields(FIELDS));
        return Tshark.run(home, full, environment);
    }

    /** The key log line with its key's first hex digit changed. */
    private static String otherKey(String line) {
        String[] f = line.split(" ");
        return String.join(" ", f[0], f[1], f[2], (f[3].charAt(0) == '0' ? "1" : "0") + f[3].substring(1));
    }
}
