package org.ptpmesh.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.ptpmesh.cli.InputDefaults;
import org.ptpmesh.wire.json.WireJson;

/**
 * docs/protocol.md is part of the test suite: its vectors must decode and encode as written,
 * every message kind must have one, and its registry table must equal {@link TlvTypes}.
 */
class ProtocolDocumentTest {

    static final Path DOC = Path.of("..", "..", "docs", "protocol.md");

    static List<Map<String, String>> blocks(String fence) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        Matcher m = Pattern.compile("```" + fence + "\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
        while (m.find()) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : m.group(1).split("\\n")) {
                int colon = line.indexOf(':');
                fields.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
            out.add(fields);
        }
        return out;
    }

    @Test
    void everyVectorDecodesToItsKindAndEncodesFromItsJson() throws IOException {
        List<Map<String, String>> vectors = blocks("ptpmesh-vector");
        assertThat(vectors).isNotEmpty();
        Set<MessageKind> covered = EnumSet.noneOf(MessageKind.class);
        for (Map<String, String> v : vectors) {
            byte[] bytes = HexFormat.of().parseHex(v.get("hex"));
            DecodeResult r = Codec.decode(bytes);
            assertThat(r).as(v.get("kind")).isInstanceOf(DecodeResult.Decoded.class);
            Message message = ((DecodeResult.Decoded) r).message();
            MessageKind kind = MessageKind.valueOf(v.get("kind"));
            assertThat(message.kind()).as(v.get("hex")).isEqualTo(kind);
            assertThat(Violations.of(message)).as(v.get("kind")).isEmpty();
            Message fromJson = WireJson.fromJson(WireJson.MAPPER.readTree(v.get("json")));
            assertThat(HexFormat.of().formatHex(Codec.encode(fromJson))).as(v.get("kind")).isEqualTo(v.get("hex"));
            Message fromPrinted = WireJson.fromJson(WireJson.read(WireJson.line(WireJson.toJson(r))));
            assertThat(HexFormat.of().formatHex(Codec.encode(fromPrinted))).as(v.get("kind")).isEqualTo(v.get("hex"));
            covered.add(kind);
        }
        assertThat(covered).containsExactlyInAnyOrder(MessageKind.values());
    }

    /** The datagrams captured from ptptest 2014 (one of each ptptest kind at least) keep the rules they were checked against. */
    @Test
    void everyCapturedDatagramDecodesToItsKindAndKeepsEveryRule() throws IOException {
        List<Map<String, String>> captured = blocks("ptpmesh-captured");
        Set<MessageKind> covered = EnumSet.noneOf(MessageKind.class);
        for (Map<String, String> c : captured) {
            DecodeResult r = Codec.decode(HexFormat.of().parseHex(c.get("hex")));
            assertThat(r).as(c.get("hex")).isInstanceOf(DecodeResult.Decoded.class);
            DecodeResult.Decoded d = (DecodeResult.Decoded) r;
            MessageKind kind = MessageKind.valueOf(c.get("kind"));
            assertThat(d.message().kind()).as(c.get("hex")).isEqualTo(kind);
            assertThat(d.message().has(TlvTypes.MSGKIND)).as("ptptest 2014 sends no MSGKIND").isFalse();
            assertThat(d.violations()).as("%s from %s", kind, c.get("flow")).isEmpty();
            covered.add(kind);
        }
        assertThat(covered).containsExactlyInAnyOrder(MessageKind.REGISTER, MessageKind.LIST, MessageKind.ECHO,
                MessageKind.PROBE, MessageKind.SHUTDOWN);
    }

    /** Section 5's table of kinds says what each kind requires, allows and repeats, exactly as {@link MessageKind}. */
    @Test
    void messageTableEqualsTheCode() throws IOException {
        Pattern row = Pattern.compile("^\\| ([A-Z_]+) \\| (\\d+) \\| [^|]+ \\| ([^|]+) \\| ([^|]+) \\| ([^|]+) \\|$", Pattern.MULTILINE);
        Matcher m = row.matcher(Files.readString(DOC));
        List<String> documented = new ArrayList<>();
        while (m.find()) {
            documented.add(String.join("|", m.group(1), m.group(2), types(m.group(3)), types(m.group(4)), types(m.group(5))));
        }
        List<String> code = new ArrayList<>();
        for (MessageKind k : MessageKind.values()) {
            code.add(String.join("|", k.name(), Integer.toString(k.code()), names(k.required()), names(k.optional()),
                    names(k.repeatable())));
        }
        assertThat(documented).containsExactlyElementsOf(code);
    }

    /** A cell's comma-separated TLV names, sorted ("-" for none). */
    private static String types(String cell) {
        String c = cell.trim();
        return c.equals("-") ? "" : String.join(",", new java.util.TreeSet<>(List.of(c.split(",\\s*"))));
    }

    private static String names(Set<Integer> types) {
        java.util.TreeSet<String> sorted = new java.util.TreeSet<>();
        types.forEach(t -> sorted.add(TlvTypes.nameOf(t)));
        return String.join(",", sorted);
    }

    @Test
    void everyMalformedVectorIsRefusedWithItsCodeAndOffset() throws IOException {
        List<Map<String, String>> vectors = blocks("ptpmesh-malformed");
        assertThat(vectors).hasSizeGreaterThanOrEqualTo(8);
        for (Map<String, String> v : vectors) {
            DecodeResult r = Codec.decode(HexFormat.of().parseHex(v.get("hex")));
            assertThat(r).as(v.get("error")).isInstanceOf(DecodeResult.Malformed.class);
            DecodeError e = ((DecodeResult.Malformed) r).error();
            assertThat(e.code().wireName()).isEqualTo(v.get("error"));
            assertThat(e.offset()).as(v.get("error")).isEqualTo(Integer.parseInt(v.get("offset")));
        }
    }

    @Test
    void registryTableEqualsTheCode() throws IOException {
        Pattern row = Pattern.compile("^\\| (\\d+) \\| ([A-Z_0-9]+) \\| ([a-z]+) \\| (.+?) \\| (\\d+|-) \\| (\\S+) \\| .*\\|$", Pattern.MULTILINE);
        Matcher m = row.matcher(Files.readString(DOC));
        List<String> documented = new ArrayList<>();
        while (m.find()) {
            documented.add(String.join("|", m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6)));
        }
        List<String> code = new ArrayList<>();
        for (TlvType t : TlvTypes.all()) {
            code.add(String.join("|", Integer.toString(t.code()), t.name(), t.kind().jsonName(), t.lengths().toString(),
                    t.defaultWidth() > 0 ? Integer.toString(t.defaultWidth()) : "-", t.direction().label()));
        }
        assertThat(documented).containsExactlyElementsOf(code);
    }

    @Test
    void theJsonFormsLineLimitsAreTheCodes() throws IOException {
        String doc = Files.readString(DOC);
        assertThat(doc).contains("reads lines of at most " + InputDefaults.HEX_LINE_MAX_BYTES + " bytes")
                .contains("\"offset\":" + InputDefaults.HEX_LINE_MAX_BYTES + ",")
                .contains("reads lines of at most " + InputDefaults.JSON_LINE_MAX_BYTES + " bytes");
    }

    @Test
    void errorCodeTableEqualsTheCode() throws IOException {
        String doc = Files.readString(DOC);
        for (ErrorCode e : ErrorCode.values()) {
            assertThat(doc).contains("| " + e.code() + " | " + e.name() + " | " + e.meaning() + " |");
        }
    }
}
