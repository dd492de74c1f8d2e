package org.ptpmesh.wire.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.Test;
import org.ptpmesh.pcap.CaptureReader;
import org.ptpmesh.pcap.CapturedDatagram;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.DecodeResult;
import org.ptpmesh.wire.EncodeException;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageArbitraries;
import org.ptpmesh.wire.RawDatagrams;
import org.ptpmesh.wire.Tlv;
import org.ptpmesh.wire.TlvTypes;

/**
 * The JSON form of `ptpmesh wire decode/encode`: what decode prints, encode turns back into the
 * same bytes, for every datagram the decoder accepts; printing never fails on a datagram the
 * codec accepted; and JSON that does not say what a TLV needs is refused with a message naming
 * the field.
 */
class WireJsonTest {

    /** Decode's line, through UTF-8 (what its output carries) and back into encode. */
    private static byte[] roundTrip(byte[] datagram) throws Exception {
        return Codec.encode(WireJson.fromJson(WireJson.read(printed(datagram))));
    }

    private static String printed(byte[] datagram) {
        String line = WireJson.line(WireJson.toJson(Codec.decode(datagram)));
        return new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static JsonNode tlv(byte[] datagram, int index) throws Exception {
        return WireJson.read(printed(datagram)).get("tlvs").get(index);
    }

    @Property(tries = 3000)
    void everyAcceptedDatagramComesBackByteForByte(@ForAll("accepted") byte[] datagram) throws Exception {
        assertThat(HexFormat.of().formatHex(roundTrip(datagram))).isEqualTo(HexFormat.of().formatHex(datagram));
    }

    private static final String[] FIELDS = {"json", "text", "bson", "hex", "value", "width", "address", "port", "type", "name", "kind"};
    private static final String[] EDITS = {"-1", "0", "1.5", "1e400", "18446744073709551616", "\"\"", "\"zz\"", "\"\\ud800\"",
        "\"::1\"", "\"1.2.3.4\"", "\"{\\\"a\\\": 1}\"", "null", "true", "[]", "{}", "{\"$numberLong\":\"x\"}", "{\"a\\u0000\":1}",
        "{\"r\":{\"$regularExpression\":{\"pattern\":\"a\",\"options\":\"z\"}}}", "{\"k\":\"\\udc00\"}"};

    /** Whatever a user changes in a printed line, `wire encode` encodes it or says why not: never a crash. */
    @Property(tries = 2000)
    void anEditedLineIsEncodedOrRefusedWithAMessage(@ForAll("accepted") byte[] datagram, @ForAll long seed) throws Exception {
        ObjectNode line = (ObjectNode) WireJson.read(printed(datagram));
        JsonNode tlvs = line.get("tlvs");
        Assume.that(!tlvs.isEmpty());
        Random r = new Random(seed);
        ObjectNode tlv = (ObjectNode) tlvs.get(r.nextInt(tlvs.size()));
        tlv.set(FIELDS[r.nextInt(FIELDS.length)], WireJson.read(EDITS[r.nextInt(EDITS.length)]));
        try {
            Codec.encode(WireJson.fromJson(line));
        } catch (IllegalArgumentException | EncodeException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @Test
    void ptptest2014DatagramsComeBackByteForByte() throws Exception {
        List<String> lines = Ptptest2014Datagrams.hex();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(10);
        int withMeta = 0;
        for (String hex : lines) {
            byte[] datagram = HexFormat.of().parseHex(hex);
            assertThat(Codec.decode(datagram)).as(hex).isInstanceOf(DecodeResult.Decoded.class);
            assertThat(HexFormat.of().formatHex(roundTrip(datagram))).isEqualTo(hex);
            for (JsonNode t : WireJson.read(printed(datagram)).get("tlvs")) {
                if (t.get("name").asText().equals("META")) {
                    // Python's json.dumps puts a space after ':' and ','; the compact form would not
                    assertThat(t.get("text").asText()).contains("\": {");
                    withMeta++;
                }
            }
        }
        assertThat(withMeta).as("REGISTERs and SHUTDOWNs of the original client").isGreaterThanOrEqualTo(5);
    }

    @Test
    void everyDatagramOfTheValidCapturesComesBackByteForByte() throws Exception {
        int datagrams = 0;
        try (var captures = Files.list(Path.of("..", "..", "pcap-fixtures", "valid"))) {
            for (Path capture : captures.filter(p -> p.toString().matches(".*\\.pcap(ng)?$")).toList()) {
                for (CapturedDatagram d : CaptureReader.read(capture, port -> true)) {
                    assertThat(roundTrip(d.payload())).as("%s frame %d", capture, d.frame()).isEqualTo(d.payload());
                    datagrams++;
                }
            }
        }
        assertThat(datagrams).isGreaterThan(50);
    }

    @Test
    void jsonWrittenAsTheEncoderWritesItIsPrintedWithoutItsText() throws Exception {
        byte[] compact = RawDatagrams.withValue(TlvTypes.META, "{\"rtt\":0.25}".getBytes(StandardCharsets.US_ASCII));
        assertThat(tlv(compact, 0).has("text")).isFalse();
        byte[] spaced = RawDatagrams.withValue(TlvTypes.META, "{\"rtt\": 0.25}".getBytes(StandardCharsets.US_ASCII));
        assertThat(tlv(spaced, 0).get("text").asText()).isEqualTo("{\"rtt\": 0.25}");
        assertThat(tlv(spaced, 0).get("json")).isEqualTo(tlv(compact, 0).get("json"));
    }

    @Test
    void anEditedJsonValueBesideItsTextIsRefusedAndSentOnceTheTextIsGone() throws Exception {
        byte[] spaced = RawDatagrams.withValue(TlvTypes.META, "{\"rtt\": 0.25}".getBytes(StandardCharsets.US_ASCII));
        ObjectNode edited = (ObjectNode) tlv(spaced, 0);
        ((ObjectNode) edited.get("json")).put("rtt", 0.5);
        assertThatThrownBy(() -> WireJson.fromJson(datagramOf(edited)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tlvs[0]: \"json\" and \"text\" are different values: \"text\" is sent as written,"
                        + " so edit one and remove the other");
        edited.remove("text");
        assertThat(jsonSent(edited)).isEqualTo("{\"rtt\":0.5}");
        edited.remove("json");
        edited.put("text", "[1,  2]");
        assertThat(jsonSent(edited)).isEqualTo("[1,  2]");
        edited.remove("text");
        assertThatThrownBy(() -> WireJson.fromJson(datagramOf(edited))).hasMessageContaining("missing \"json\" (or its exact \"text\")");
    }

    private static JsonNode datagramOf(JsonNode tlv) {
        ObjectNode d = WireJson.MAPPER.createObjectNode();
        d.putArray("tlvs").add(tlv);
        return d;
    }

    private static String jsonSent(JsonNode tlv) {
        return ((Tlv.JsonTlv) WireJson.fromJson(datagramOf(tlv)).tlvs().get(0)).json();
    }

    @Test
    void anUnpairedSurrogateEscapeInAJsonValueIsPrintedAsThatEscape() throws Exception {
        byte[] datagram = RawDatagrams.withValue(TlvTypes.META, "[\"\\ud800x\"]".getBytes(StandardCharsets.US_ASCII));
        String line = WireJson.line(WireJson.toJson(Codec.decode(datagram)));
        assertThat(line).containsIgnoringCase("\"json\":[\"\\ud800x\"]").doesNotContain("\ud800");
        assertThat(roundTrip(datagram)).isEqualTo(datagram);
    }

    @Test
    void bsonTheEncoderWouldWriteOtherwiseIsPrintedWithItsBytes() throws Exception {
        // a repeated key: Extended JSON shows one of them, so only the bytes say what was sent
        byte[] twice = {19, 0, 0, 0, 0x10, 'a', 0, 1, 0, 0, 0, 0x10, 'a', 0, 2, 0, 0, 0, 0};
        byte[] datagram = RawDatagrams.withValue(TlvTypes.METAB, twice);
        ObjectNode printed = (ObjectNode) tlv(datagram, 0);
        assertThat(printed.get("hex").asText()).isEqualTo(HexFormat.of().formatHex(twice));
        assertThat(roundTrip(datagram)).isEqualTo(datagram);
        ((ObjectNode) printed.get("bson")).put("b", 1);
        assertThatThrownBy(() -> WireJson.fromJson(datagramOf(printed)))
                .hasMessageContaining("\"bson\" and \"hex\" are different documents");
        printed.remove("hex");
        assertThat(((Tlv.BsonTlv) WireJson.fromJson(datagramOf(printed)).tlvs().get(0)).document().keySet()).containsExactly("a", "b");
    }

    @Property(tries = 5000)
    void printingNeverFailsOnAcceptedJsonValues(@ForAll("jsonish") byte[] value) throws Exception {
        byte[] datagram = RawDatagrams.withValue(TlvTypes.META, value);
        DecodeResult r = Codec.decode(datagram);
        ObjectNode printed = WireJson.toJson(r);
        if (r instanceof DecodeResult.Decoded) {
            // the printed value is the one that was checked: it reads back as one JSON value
            Message back = WireJson.fromJson(WireJson.read(WireJson.line(printed)));
            assertThat(((Tlv.JsonTlv) back.tlvs().get(0)).json()).isNotEmpty();
        } else {
            assertThat(printed.get("error").asText()).isEqualTo("invalid_json");
        }
    }

    @Test
    void numbersInJsonValuesKeepTheirDigits() throws Exception {
        for (String json : new String[] {"{\"loss\":1.00}", "[0.10,12345678901234567890123]", "{\"a\":{\"b\":[true,null]}}"}) {
            byte[] datagram = RawDatagrams.withValue(TlvTypes.META, json.getBytes(StandardCharsets.US_ASCII));
            assertThat(roundTrip(datagram)).as(json).isEqualTo(datagram);
        }
        // beyond a double's range: still a number (1E+400), not the string "Infinity"
        JsonNode huge = WireJson.toJson(Codec.decode(RawDatagrams.withValue(TlvTypes.META, "1e400".getBytes(StandardCharsets.US_ASCII))))
                .get("tlvs").get(0).get("json");
        assertThat(huge.isNumber()).isTrue();
        assertThat(huge.decimalValue()).isEqualByComparingTo("1e400");
    }

    @Test
    void bsonKeepsItsTypesThroughTheJsonForm() throws Exception {
        BsonDocument doc = new BsonDocument("sent", new BsonInt64(5)).append("lost", new BsonInt32(1))
                .append("rtt", new BsonDouble(2.0));
        RawBsonDocument raw = new RawBsonDocument(doc, new BsonDocumentCodec());
        byte[] bson = new byte[raw.getByteBuffer().remaining()];
        raw.getByteBuffer().get(bson);
        byte[] datagram = RawDatagrams.withValue(TlvTypes.METAB, bson);
        assertThat(roundTrip(datagram)).isEqualTo(datagram);
        // the driver writes this document to the same bytes: they are not printed beside it
        assertThat(tlv(datagram, 0).has("hex")).isFalse();
    }

    @Test
    void theReadmeEncodeExample() throws Exception {
        JsonNode line = WireJson.read("{\"tlvs\":[{\"name\":\"YOURADDR\",\"address\":\"192.168.1.10\",\"port\":40000}]}");
        assertThat(HexFormat.of().formatHex(Codec.encode(WireJson.fromJson(line)))).isEqualTo("014208c0a8010a9c400360");
    }

    @Test
    void widthIsPrintedOnlyWhenNotTheRegistryDefault() {
        byte[] d = Codec.encode(Message.builder().uint(TlvTypes.SEQUENCE, 7, 4).uint(TlvTypes.SEQUENCE, 7, 2).build());
        JsonNode tlvs = WireJson.toJson(Codec.decode(d)).get("tlvs");
        assertThat(tlvs.get(0).has("width")).isFalse();
        assertThat(tlvs.get(1).get("width").asInt()).isEqualTo(2);
    }

    @Test
    void integersAbove2To53AreDecimalStrings() {
        long edge = 1L << 53;
        byte[] d = Codec.encode(Message.builder().uint(TlvTypes.MYTS, edge, 8).uint(TlvTypes.MYTS, edge + 1, 8)
                .add(new Tlv.IntTlv(TlvTypes.CLOCKOFFSET, -edge, 8)).add(new Tlv.IntTlv(TlvTypes.CLOCKOFFSET, -edge - 1, 8)).build());
        JsonNode tlvs = WireJson.toJson(Codec.decode(d)).get("tlvs");
        assertThat(tlvs.get(0).get("value").isNumber()).isTrue();
        assertThat(tlvs.get(0).get("value").asLong()).isEqualTo(edge);
        assertThat(tlvs.get(1).get("value").isTextual()).isTrue();
        assertThat(tlvs.get(1).get("value").asText()).isEqualTo("9007199254740993");
        assertThat(tlvs.get(2).get("value").isNumber()).isTrue();
        assertThat(tlvs.get(3).get("value").asText()).isEqualTo("-9007199254740993");
    }

    @Test
    void unsignedValuesUseAllSixtyFourBits() throws Exception {
        Message m = WireJson.fromJson(WireJson.read("{\"tlvs\":[{\"name\":\"MYTS\",\"value\":18446744073709551615},"
                + "{\"name\":\"YOURTS\",\"value\":\"9223372036854775808\"}]}"));
        assertThat(m.tlvs()).containsExactly(new Tlv.UintTlv(TlvTypes.MYTS, -1L, 8), new Tlv.UintTlv(TlvTypes.YOURTS, Long.MIN_VALUE, 8));
    }

    @Test
    void valuesOfTheWrongJsonTypeAreRefusedNamingTheField() {
        String[][] cases = {
            {"{\"name\":\"YOURADDR\",\"address\":\"192.0.2.1\",\"port\":\"abc\"}", "\"port\" must be a number 0-65535"},
            {"{\"name\":\"YOURADDR\",\"address\":\"192.0.2.1\",\"port\":70000}", "\"port\" must be a number 0-65535"},
            {"{\"name\":\"YOURADDR\",\"address\":3232235786,\"port\":1}", "\"address\" must be a JSON string"},
            {"{\"type\":1.7,\"value\":1}", "\"type\" must be a number 0-255"},
            {"{\"name\":\"SEQUENCE\",\"value\":5,\"width\":\"x\"}", "\"width\" must be 1, 2, 4 or 8"},
            {"{\"name\":\"MYTS\",\"value\":-1}", "out of range for a 64-bit unsigned integer"},
            {"{\"name\":\"MYTS\",\"value\":18446744073709551616}", "out of range for a 64-bit unsigned integer"},
            {"{\"name\":\"METAB\",\"bson\":[1]}", "\"bson\" must be a JSON object"},
            {"{\"name\":\"METAB\",\"bson\":{\"n\":{\"$numberLong\":\"x\"}}}", "\"bson\" is not Extended JSON"},
            {"{\"name\":\"METAB\",\"bson\":{\"a\\u0000b\":1}}", "\"bson\" is not Extended JSON BSON can read: BSON cstring"},
            {"{\"name\":\"METAB\",\"hex\":\"0500000000\",\"bson\":{\"a\":1}}", "\"bson\" and \"hex\" are different documents"},
            {"{\"name\":\"METAB\",\"hex\":\"05000000\",\"bson\":{}}", "\"hex\" is not a BSON document"},
            {"{\"name\":\"META\",\"text\":\"{\",\"json\":{}}", "\"text\" is not a JSON value"},
            {"{\"name\":\"META\",\"text\":7}", "\"text\" must be a JSON string"},
            {"{\"name\":\"UUID\",\"hex\":7}", "\"hex\" must be a JSON string"},
            {"{\"name\":\"OBJNAME\",\"text\":{}}", "\"text\" must be a JSON string"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> WireJson.fromJson(WireJson.read("{\"tlvs\":[" + c[0] + "]}"))).as(c[0])
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("tlvs[0]: ").hasMessageContaining(c[1]);
        }
    }

    @Provide
    Arbitrary<byte[]> accepted() {
        return AcceptedDatagrams.any();
    }

    /** Byte strings over JSON's alphabet plus what trips byte-level parsers: NUL, a byte-order mark, bad UTF-8. */
    @Provide
    Arbitrary<byte[]> jsonish() {
        Arbitrary<String> pieces = Arbitraries.of("{", "}", "[", "]", "\"", ":", ",", " ", "1", "-", ".", "e", "a",
                "true", "null", "\\u00e9", "\u00e9", "\u0000", "\uFEFF", "\\", "{\"k\":", "\"v\"", "1e400");
        return pieces.list().ofMinSize(1).ofMaxSize(30).map(list -> {
            byte[] b = String.join("", list).getBytes(StandardCharsets.UTF_8);
            return b.length >= 2 && b.length <= 253 ? b : "{}".getBytes(StandardCharsets.US_ASCII);
        }).edgeCases(e -> e.add(new byte[] {0, '{', 0, '}'}).add(new byte[] {'"', (byte) 0xC0, (byte) 0x80, '"'}));
    }
}
