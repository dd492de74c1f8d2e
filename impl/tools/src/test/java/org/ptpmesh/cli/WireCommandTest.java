package org.ptpmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.pcap.PcapFiles;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.TlvTypes;
import org.ptpmesh.wire.DecodeResult;
import org.ptpmesh.wire.RawDatagrams;
import org.ptpmesh.wire.json.WireJson;
import org.ptpmesh.wire.json.Ptptest2014Datagrams;

class WireCommandTest {

    static final String BRIEF = "010103020306000000070412000102030405060708090a0b0c0d0e0f090a53a4c0de800000004208c0a8010a9c407f14";

    private final InputStream stdin = System.in;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @AfterEach
    void restoreStdin() {
        System.setIn(stdin);
    }

    private int run(String input, String... args) {
        return runBytes(input.getBytes(StandardCharsets.UTF_8), args);
    }

    private int runBytes(byte[] input, String... args) {
        System.setIn(new ByteArrayInputStream(input));
        return Cli.commandLine(new PtpmeshCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    private List<String> lines() {
        return out.toString().lines().toList();
    }

    @Test
    void decodesTheBriefExampleAsDocumented() throws Exception {
        assertThat(run(BRIEF + "\n", "wire", "decode")).isZero();
        JsonNode json = WireJson.MAPPER.readTree(lines().get(0));
        assertThat(json.get("len").asInt()).isEqualTo(48);
        assertThat(json.get("checksum").asText()).isEqualTo("ok");
        JsonNode yourAddr = json.get("tlvs").get(4);
        assertThat(yourAddr.toString())
                .isEqualTo("{\"type\":66,\"name\":\"YOURADDR\",\"kind\":\"address\",\"address\":\"192.168.1.10\",\"port\":40000}");
        assertThat(json.get("tlvs").get(2).get("hex").asText()).isEqualTo("000102030405060708090a0b0c0d0e0f");
        // above 2^53 a uint is a decimal string, so no digit is lost in a JSON double
        assertThat(json.get("tlvs").get(3).get("value").asText()).isEqualTo(Long.toUnsignedString(0x53a4c0de80000000L));
    }

    @Test
    void printsExactlyTheDocumentedFieldsForTheBriefExample() {
        assertThat(run(BRIEF + "\n", "wire", "decode")).isZero();
        assertThat(lines()).containsExactly("{\"len\":48,\"version\":1,\"checksum\":\"ok\",\"tlvs\":["
                + "{\"type\":1,\"name\":\"SERVERVER\",\"kind\":\"uint\",\"value\":2},"
                + "{\"type\":3,\"name\":\"SEQUENCE\",\"kind\":\"uint\",\"value\":7},"
                + "{\"type\":4,\"name\":\"UUID\",\"kind\":\"bytes\",\"hex\":\"000102030405060708090a0b0c0d0e0f\"},"
                + "{\"type\":9,\"name\":\"YOURTS\",\"kind\":\"uint\",\"value\":\"6027154263191322624\"},"
                + "{\"type\":66,\"name\":\"YOURADDR\",\"kind\":\"address\",\"address\":\"192.168.1.10\",\"port\":40000}],"
                + "\"message\":\"ECHO\"}");
    }

    @Test
    void badHexSaysWhichCharacterAndWhere() throws Exception {
        assertThat(run("01 0z03\n010\n", "wire", "decode")).isEqualTo(1);
        JsonNode notHex = WireJson.MAPPER.readTree(lines().get(0));
        assertThat(notHex.get("error").asText()).isEqualTo("invalid_hex");
        assertThat(notHex.get("offset").asInt()).isEqualTo(3);
        assertThat(notHex.get("detail").asText()).isEqualTo("line 1: 'z' at offset 3 is not a hex digit");
        JsonNode odd = WireJson.MAPPER.readTree(lines().get(1));
        assertThat(odd.get("offset").asInt()).isEqualTo(3);
        assertThat(odd.get("detail").asText()).contains("odd number of hex digits (3)");
    }

    @Test
    void malformedInputPrintsAnErrorObjectAndExitsOne() throws Exception {
        String bad = BRIEF.substring(0, BRIEF.length() - 2) + "15";
        assertThat(run("# comment\n\n" + bad + "\nzz\n" + BRIEF + "\n", "wire", "decode")).isEqualTo(1);
        List<String> lines = lines();
        assertThat(lines).hasSize(3);
        JsonNode first = WireJson.MAPPER.readTree(lines.get(0));
        assertThat(first.get("error").asText()).isEqualTo("bad_checksum");
        assertThat(first.get("offset").asInt()).isEqualTo(46);
        assertThat(WireJson.MAPPER.readTree(lines.get(1)).get("error").asText()).isEqualTo("invalid_hex");
        assertThat(WireJson.MAPPER.readTree(lines.get(2)).get("checksum").asText()).isEqualTo("ok");
    }

    @Test
    void encodeReversesDecode() {
        assertThat(run(BRIEF + "\n", "wire", "decode")).isZero();
        String json = out.toString();
        out.getBuffer().setLength(0);
        assertThat(run(json, "wire", "encode")).isZero();
        assertThat(lines()).containsExactly(BRIEF);
    }

    @Test
    void aNameCarryingEscapeSequencesAndOverridesIsDecodedEscapedAndEncodesBackTheSame() throws Exception {
        String name = "x\u001b]0;owned\u0007\u009b2J\u202egpj.exe";
        String hex = HexFormat.of().formatHex(Codec.encode(new Message.Builder().uint(TlvTypes.MSGKIND, 41, 1)
                .bytes(TlvTypes.UUID, new byte[16]).uint(TlvTypes.XFERID, 1, 4).text(TlvTypes.OBJNAME, name).build()));
        assertThat(run(hex + "\n", "wire", "decode")).isZero();
        String decoded = out.toString();
        assertThat(decoded).contains("x\\u001B]0;owned\\u0007\\u009B2J\\u202Egpj.exe")
                .doesNotContain("\u001b", "\u0007", "\u009b", "\u202e");
        assertThat(WireJson.MAPPER.readTree(decoded).get("tlvs").get(3).get("text").asText()).isEqualTo(name);
        out.getBuffer().setLength(0);
        assertThat(run(decoded, "wire", "encode")).isZero();
        assertThat(lines()).containsExactly(hex);
    }

    @Test
    void decodeThenEncodeGivesBackPtptest2014DatagramsByteForByte() throws Exception {
        List<String> datagrams = Ptptest2014Datagrams.hex();
        assertThat(run(String.join("\n", datagrams) + "\n", "wire", "decode")).isZero();
        String json = out.toString();
        out.getBuffer().setLength(0);
        assertThat(run(json, "wire", "encode")).as(err.toString()).isZero();
        assertThat(lines()).containsExactlyElementsOf(datagrams);
    }

    @Test
    void decodeRefusesALineOverItsLimitAndGoesOn() throws Exception {
        String overlong = "0".repeat(InputDefaults.HEX_LINE_MAX_BYTES + 2);
        String atTheLimit = BRIEF + " ".repeat(InputDefaults.HEX_LINE_MAX_BYTES - BRIEF.length());
        assertThat(run(overlong + "\n" + atTheLimit + "\r\n", "wire", "decode")).isEqualTo(1);
        JsonNode refused = WireJson.MAPPER.readTree(lines().get(0));
        assertThat(refused.get("error").asText()).isEqualTo("line_too_long");
        assertThat(refused.get("line").asInt()).isEqualTo(1);
        assertThat(refused.get("detail").asText()).isEqualTo("line 1: " + (InputDefaults.HEX_LINE_MAX_BYTES + 2)
                + " bytes; a line holds at most " + InputDefaults.HEX_LINE_MAX_BYTES);
        assertThat(WireJson.MAPPER.readTree(lines().get(1)).get("message").asText()).isEqualTo("ECHO");
    }

    @Test
    void theLongestJsonFormOfADatagramFitsAnEncodeLine() {
        // 698 empty TLVs (1399 bytes with the version byte and the checksum) print the most per wire byte
        int longest = 0;
        for (int type = 0; type < 256; type++) {
            byte[] body = new byte[698 * 2];
            for (int i = 0; i < body.length; i += 2) {
                body[i] = (byte) type;
                body[i + 1] = 2;
            }
            byte[] datagram = RawDatagrams.withChecksum(1, body);
            DecodeResult r = Codec.decode(datagram);
            if (r instanceof DecodeResult.Decoded) {
                longest = Math.max(longest, WireJson.line(WireJson.toJson(r)).getBytes(StandardCharsets.UTF_8).length);
            }
        }
        assertThat(longest).isGreaterThan(30_000).isLessThan(InputDefaults.JSON_LINE_MAX_BYTES - 200);
    }

    @Test
    void encodeRefusesUnpairedSurrogatesInsteadOfSendingQuestionMarks() {
        String input = "{\"tlvs\":[{\"name\":\"OBJNAME\",\"text\":\"a\\ud800\"}]}\n"
                + "{\"tlvs\":[{\"name\":\"ERRTEXT\",\"text\":\"\\udc00\"}]}\n"
                + "{\"tlvs\":[{\"name\":\"META\",\"json\":{\"peer\":\"\\ud800\"}}]}\n"
                + "{\"tlvs\":[{\"name\":\"METAB\",\"bson\":{\"peer\":\"\\ud800\"}}]}\n";
        assertThat(run(input, "wire", "encode")).isEqualTo(1);
        assertThat(lines()).isEmpty();
        assertThat(err.toString().lines()).containsExactly(
                "error: line 1: invalid_value: OBJNAME holds an unpaired surrogate U+D800 at character 1; UTF-8 cannot encode it",
                "error: line 2: invalid_value: ERRTEXT holds an unpaired surrogate U+DC00 at character 0; UTF-8 cannot encode it",
                "error: line 3: invalid_value: META holds an unpaired surrogate U+D800 at character 9; UTF-8 cannot encode it",
                "error: line 4: tlvs[0]: \"bson\" holds an unpaired surrogate U+D800; BSON strings are UTF-8, which cannot encode it");
    }

    @Test
    void encodeRefusesInputThatIsNotUtf8OrOverItsLimit() {
        String latin1 = "{\"tlvs\":[{\"name\":\"OBJNAME\",\"text\":\"a\u00ff\"}]}\n";
        byte[] notUtf8 = latin1.getBytes(StandardCharsets.ISO_8859_1);
        String overlong = "{\"tlvs\":[{\"name\":\"ERRTEXT\",\"text\":\"" + "x".repeat(InputDefaults.JSON_LINE_MAX_BYTES) + "\"}]}\n";
        byte[] input = concat(notUtf8, overlong.getBytes(StandardCharsets.UTF_8), "{\"tlvs\":[]}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(runBytes(input, "wire", "encode")).isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly(
                "error: line 1: not UTF-8 text: byte 0xff at byte " + latin1.indexOf('\u00ff'),
                "error: line 2: " + (overlong.length() - 1) + " bytes; a line holds at most " + InputDefaults.JSON_LINE_MAX_BYTES);
        assertThat(lines()).containsExactly("01" + checksumOf("01"));
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return all.toByteArray();
    }

    @Test
    void encodeRefusesBadLinesAndGoesOn() {
        String input = "{\"tlvs\":[{\"name\":\"SEQUENCE\",\"value\":7,\"width\":3}]}\nnot json\n"
                + "{\"tlvs\":[{\"name\":\"NOSUCH\",\"value\":1}]}\n{\"tlvs\":[{\"type\":3,\"value\":7}]}\n";
        assertThat(run(input, "wire", "encode")).isEqualTo(1);
        assertThat(lines()).containsExactly("01030600000007" + checksumOf("01030600000007"));
        assertThat(err.toString()).contains("line 1: bad_width").contains("line 2: not JSON").contains("line 3:").contains("NOSUCH");
    }

    @Test
    void encodeRefusesValuesOfTheWrongShapeWithoutAStackTrace() {
        String input = "{\"tlvs\":[{\"name\":\"METAB\",\"bson\":[1]}]}\n"
                + "{\"tlvs\":[{\"name\":\"YOURADDR\",\"address\":\"192.168.1.10\",\"port\":\"abc\"}]}\n";
        assertThat(run(input, "wire", "encode")).isEqualTo(1);
        assertThat(lines()).isEmpty();
        assertThat(err.toString()).contains("line 1: tlvs[0]: \"bson\" must be a JSON object")
                .contains("line 2: tlvs[0]: \"port\" must be a number 0-65535").doesNotContain("Exception");
    }

    private static String checksumOf(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        return String.format("%04x", org.ptpmesh.wire.Checksum.compute(b, 0, b.length));
    }

    @Test
    void decodesUdpPayloadsFromAPcap() throws Exception {
        Path pcap = dir.resolve("brief.pcap");
        PcapFiles.write(pcap, List.of(
                new PcapFiles.Frame(5, Endpoint.of("198.51.100.1", 23456), Endpoint.of("192.168.1.10", 40000), HexFormat.of().parseHex(BRIEF)),
                new PcapFiles.Frame(6, Endpoint.of("192.168.1.10", 40000), Endpoint.of("198.51.100.1", 9999), new byte[] {1})));
        assertThat(run("", "wire", "decode", "--pcap", pcap.toString())).isZero();
        assertThat(lines()).hasSize(1);
        JsonNode json = WireJson.MAPPER.readTree(lines().get(0));
        assertThat(json.get("frame").asInt()).isEqualTo(1);
        assertThat(json.get("src").asText()).isEqualTo("198.51.100.1:23456");
        assertThat(json.get("message").asText()).isEqualTo("ECHO");
        out.getBuffer().setLength(0);
        assertThat(run("", "wire", "decode", "--pcap", pcap.toString(), "--port", "9999")).isEqualTo(1);
        assertThat(WireJson.MAPPER.readTree(lines().get(0)).get("error").asText()).isEqualTo("too_short");
    }

    @Test
    void helpListsBothCommandsInWholeSentencesAndVersionsAnswer() {
        assertThat(run("", "wire", "--help")).isZero();
        assertThat(out.toString()).contains("decode  Decode datagrams and print one JSON object per datagram.")
                .contains("encode  Encode datagrams from their JSON form into hex, one line each.");
        out.getBuffer().setLength(0);
        assertThat(run("", "wire", "decode", "--version")).isZero();
        assertThat(out.toString()).contains("wire protocol version 1");
    }

    @Test
    void badFlagsAreUsageErrors() {
        assertThat(run("", "wire", "decode", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--port must be 1-65535").contains("Try 'ptpmesh wire decode --help'");
        assertThat(run("", "wire", "decode", "--pcap", dir.resolve("missing.pcap").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("does not exist");
    }
}
