package org.ptpmesh.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.Test;

/** Every typed decode error, with the offset it must report. */
class DatagramViewTest {

    private final DatagramView view = new DatagramView();

    private DecodeError decode(byte[] d) {
        return view.wrap(d, 0, d.length);
    }

    @Test
    void emptyDatagramIsWellFormed() {
        assertThat(decode(RawDatagrams.withChecksum(""))).isNull();
        assertThat(view.tlvCount()).isZero();
    }

    @Test
    void tooShort() {
        assertThat(decode(new byte[] {1, 0})).extracting(DecodeError::code, DecodeError::offset)
                .containsExactly(DecodeErrorCode.TOO_SHORT, 2);
    }

    @Test
    void oversizeIsRefusedAt1401Bytes() {
        byte[] ok = Codec.encode(Message.builder().add(new Tlv.UnknownTlv(200, new byte[0])).build());
        assertThat(decode(ok)).isNull();
        byte[] big = new byte[1401];
        big[0] = 1;
        assertThat(decode(big)).extracting(DecodeError::code, DecodeError::offset)
                .containsExactly(DecodeErrorCode.OVERSIZE, 1400);
    }

    @Test
    void unsupportedVersion() {
        assertThat(decode(RawDatagrams.withChecksum(2, new byte[0]))).extracting(DecodeError::code, DecodeError::offset)
                .containsExactly(DecodeErrorCode.UNSUPPORTED_VERSION, 0);
    }

    @Test
    void badChecksumReportsTheChecksumOffset() {
        byte[] d = RawDatagrams.withChecksum("0306 00000007");
        d[d.length - 1] ^= 1;
        assertThat(decode(d)).extracting(DecodeError::code, DecodeError::offset)
                .containsExactly(DecodeErrorCode.BAD_CHECKSUM, d.length - 2);
    }

    @Test
    void truncatedTlvHeader() {
        assertThat(decode(RawDatagrams.withChecksum("0306 00000007 03"))).extracting(DecodeError::code, DecodeError::offset)
                .containsExactly(DecodeErrorCode.TRUNCATED_TLV_HEADER, 7);
    }

    @Test
    void lengthBelowHeader() {
        assertThat(decode(RawDatagrams.withChecksum("0301"))).extracting(DecodeError::code, DecodeError::offset)
                .containsExactly(DecodeErrorCode.LENGTH_BELOW_HEADER, 1);
        assertThat(decode(RawDatagrams.withChecksum("0300"))).extracting(DecodeError::code)
                .isEqualTo(DecodeErrorCode.LENGTH_BELOW_HEADER);
    }

    @Test
    void tlvOverrunningTheDatagram() {
        assertThat(decode(RawDatagrams.withChecksum("0103 01 0307 000000"))).extracting(DecodeError::code, DecodeError::offset)
                .containsExactly(DecodeErrorCode.TLV_OVERRUN, 4);
    }

    @Test
    void integerWidthsAreOneTwoFourOrEight() {
        for (String ok : new String[] {"0303 07", "0304 0007", "0306 00000007", "030a 0000000000000007"}) {
            assertThat(decode(RawDatagrams.withChecksum(ok))).as(ok).isNull();
        }
        for (String bad : new String[] {"0302", "0305 000007", "0309 00000000000007", "030b 000000000000000007"}) {
            assertThat(decode(RawDatagrams.withChecksum(bad))).as(bad).extracting(DecodeError::code, DecodeError::offset)
                    .containsExactly(DecodeErrorCode.BAD_INT_WIDTH, 1);
        }
    }

    @Test
    void integerBoundariesPerWidth() {
        assertThat(uintOf("0303 ff")).isEqualTo(255);
        assertThat(uintOf("0304 ffff")).isEqualTo(65535);
        assertThat(uintOf("0306 ffffffff")).isEqualTo(4294967295L);
        assertThat(uintOf("030a ffffffffffffffff")).isEqualTo(-1L); // 2^64-1 as unsigned long
        assertThat(Long.toUnsignedString(uintOf("030a ffffffffffffffff"))).isEqualTo("18446744073709551615");
        assertThat(decode(RawDatagrams.withChecksum("0f03 ff"))).isNull(); // CLOCKOFFSET is signed
        assertThat(view.sint(0)).isEqualTo(-1);
        assertThat(decode(RawDatagrams.withChecksum("0f06 80000000"))).isNull();
        assertThat(view.sint(0)).isEqualTo(Integer.MIN_VALUE);
    }

    private long uintOf(String body) {
        assertThat(decode(RawDatagrams.withChecksum(body))).isNull();
        return view.uint(0);
    }

    @Test
    void addressesAreSixOrEighteenBytesWithNoFamilyByte() {
        assertThat(decode(RawDatagrams.withChecksum("4208 c0a8010a 9c40"))).isNull();
        assertThat(view.address(0)).isEqualTo(Endpoint.of("192.168.1.10", 40000));
        assertThat(decode(RawDatagrams.withChecksum("4214 20010db8000000000000000000000001 0050"))).isNull();
        assertThat(view.address(0)).isEqualTo(Endpoint.of("2001:db8::1", 80));
        assertThat(decode(RawDatagrams.withChecksum("4209 04c0a8010a9c40"))).extracting(DecodeError::code, DecodeError::offset)
                .containsExactly(DecodeErrorCode.BAD_ADDRESS_LENGTH, 1);
    }

    @Test
    void ipv6HighAndLowHalvesAreBothKept() {
        // ptptest 2014 decodes IPv6 as a << 64 + b, which Python reads as a << (64 + b): both halves matter here.
        assertThat(decode(RawDatagrams.withChecksum("4014 fe800000000000010000000000000002 1f90"))).isNull();
        assertThat(view.address(0).host()).isEqualTo("fe80:0:0:1::2");
    }

    @Test
    void uuidMustBeSixteenBytes() {
        assertThat(decode(RawDatagrams.withChecksum("0411 000102030405060708090a0b0c0d0e"))).extracting(DecodeError::code, DecodeError::offset)
                .containsExactly(DecodeErrorCode.BAD_LENGTH, 1);
    }

    @Test
    void jsonMustParse() {
        byte[] good = "{\"rtt\":1.5}".getBytes(StandardCharsets.US_ASCII);
        assertThat(decode(RawDatagrams.withValue(TlvTypes.META, good))).isNull();
        byte[] bad = "{\"rtt\":".getBytes(StandardCharsets.US_ASCII);
        assertThat(decode(RawDatagrams.withValue(TlvTypes.META, bad))).extracting(DecodeError::code, DecodeError::offset)
                .containsExactly(DecodeErrorCode.INVALID_JSON, 1);
        byte[] trailing = "{} x".getBytes(StandardCharsets.US_ASCII);
        assertThat(decode(RawDatagrams.withValue(TlvTypes.META, trailing))).extracting(DecodeError::code).isEqualTo(DecodeErrorCode.INVALID_JSON);
    }

    @Test
    void jsonMustBeUtf8WithNoByteOrderMark() {
        // A byte parser would take these as UTF-16/UTF-32 JSON or skip the mark; the value is UTF-8 text.
        byte[] utf16be = {0, '{', 0, '}'};
        byte[] utf16le = {'{', 0, '}', 0};
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};
        byte[] overlongInString = {'"', (byte) 0xC0, (byte) 0x80, '"'};
        for (byte[] value : new byte[][] {utf16be, utf16le, bom, overlongInString}) {
            assertThat(decode(RawDatagrams.withValue(TlvTypes.META, value))).as(java.util.HexFormat.of().formatHex(value))
                    .extracting(DecodeError::code, DecodeError::offset).containsExactly(DecodeErrorCode.INVALID_JSON, 1);
        }
        assertThat(decode(RawDatagrams.withValue(TlvTypes.META, "{\"n\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8)))).isNull();
    }

    @Test
    void ipv4MappedIpv6AddressesStayIpv6() {
        // Java's InetAddress.getByAddress turns ::ffff:a.b.c.d into IPv4, which would re-encode as 6 bytes.
        byte[] d = RawDatagrams.withChecksum("4014 00000000000000000000ffffc0000201 1f90");
        assertThat(decode(d)).isNull();
        Endpoint mapped = view.address(0);
        assertThat(mapped.isIpv4()).isFalse();
        assertThat(mapped.host()).isEqualTo("::ffff:192.0.2.1");
        assertThat(mapped).isEqualTo(Endpoint.of("::ffff:192.0.2.1", 8080)).isNotEqualTo(Endpoint.of("192.0.2.1", 8080));
        assertThat(Codec.encode(Codec.toMessage(view))).isEqualTo(d);
    }

    @Test
    void bsonMustParseAsOneDocument() {
        byte[] doc = bson(new BsonDocument("loss", new BsonInt32(5)));
        assertThat(decode(RawDatagrams.withValue(TlvTypes.METAB, doc))).isNull();
        byte[] broken = doc.clone();
        broken[4] = 0x7f; // an element type BSON does not define
        assertThat(decode(RawDatagrams.withValue(TlvTypes.METAB, broken))).extracting(DecodeError::code).isEqualTo(DecodeErrorCode.INVALID_BSON);
        byte[] lying = doc.clone();
        lying[0]++; // declared length disagrees with the TLV
        assertThat(decode(RawDatagrams.withValue(TlvTypes.METAB, lying))).extracting(DecodeError::code).isEqualTo(DecodeErrorCode.INVALID_BSON);
    }

    @Test
    void textMustBeUtf8() {
        assertThat(decode(RawDatagrams.withValue(TlvTypes.OBJNAME, "r\u00e9sum\u00e9.pdf".getBytes(StandardCharsets.UTF_8)))).isNull();
        assertThat(decode(RawDatagrams.withValue(TlvTypes.OBJNAME, new byte[] {'a', (byte) 0xC3}))).extracting(DecodeError::code)
                .isEqualTo(DecodeErrorCode.INVALID_TEXT);
        assertThat(decode(RawDatagrams.withValue(TlvTypes.OBJNAME, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}))).as("surrogate")
                .extracting(DecodeError::code).isEqualTo(DecodeErrorCode.INVALID_TEXT);
        assertThat(decode(RawDatagrams.withValue(TlvTypes.OBJNAME, new byte[] {(byte) 0xC0, (byte) 0x80}))).as("overlong")
                .extracting(DecodeError::code).isEqualTo(DecodeErrorCode.INVALID_TEXT);
    }

    @Test
    void unknownTypesAreKeptAndCountedNotFatal() {
        assertThat(decode(RawDatagrams.withChecksum("c805 abcdef 0303 07"))).isNull();
        assertThat(view.tlvCount()).isEqualTo(2);
        assertThat(view.unknownCount()).isEqualTo(1);
        assertThat(view.type(0)).isEqualTo(200);
        assertThat(view.value(0)).containsExactly(0xab, 0xcd, 0xef);
        assertThat(view.uint(1)).isEqualTo(7);
    }

    @Test
    void maximumTlvValueIs253Bytes() {
        byte[] value = new byte[253];
        assertThat(decode(RawDatagrams.withValue(TlvTypes.CC, value))).isNull();
        assertThat(view.valueLength(0)).isEqualTo(253);
    }

    static byte[] bson(BsonDocument doc) {
        RawBsonDocument raw = new RawBsonDocument(doc, new BsonDocumentCodec());
        byte[] b = new byte[raw.getByteBuffer().remaining()];
        raw.getByteBuffer().get(b);
        return b;
    }
}
