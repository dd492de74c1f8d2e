package org.ptpmesh.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.conformance.pcap.FixtureWriter;
import org.ptpmesh.conformance.pcap.SealedDatagrams;
import org.ptpmesh.conformance.tla.SpecLocator;
import org.ptpmesh.wire.Codec;
import org.ptpmesh.wire.Endpoint;
import org.ptpmesh.wire.Message;
import org.ptpmesh.wire.MessageKind;
import org.ptpmesh.wire.TlvTypes;
import org.ptpmesh.wire.json.WireJson;

/** {@code ptpconform pcap}: its exit codes and its three reports. */
class PcapCommandTest {

    private static final Path FIXTURES = SpecLocator.find().orElseThrow().getParent().resolve("pcap-fixtures");
    private static final byte[] SENDER = new byte[16];
    private static final byte[] KEY = new byte[32];
    private static final long SESSION = 0x0b93c257L;

    @Test
    void aValidCaptureExitsZeroWithOneLinePerDatagram() {
        PtpconformRun r = PtpconformRun.of("pcap", FIXTURES.resolve("valid/ptptest-2014-session.pcapng").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("198.51.100.10:40000 -> 203.0.113.7:23456  REGISTER").contains("31 ptpmesh datagrams, 0 violating");
    }

    @Test
    void aViolationExitsOneAndIsInEveryReport(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("r.json");
        Path junit = tmp.resolve("r.xml");
        PtpconformRun r = PtpconformRun.of("pcap", "--json", json.toString(), "--junit", junit.toString(),
                FIXTURES.resolve("negative/bad-checksum.pcap").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("INVALID bad_checksum");
        JsonNode report = WireJson.MAPPER.readTree(json.toFile());
        assertThat(report.get("valid").asBoolean()).isFalse();
        JsonNode third = report.get("captures").get(0).get("packets").get(2);
        assertThat(third.get("frame").asLong()).isEqualTo(3);
        assertThat(third.get("verdict").asText()).isEqualTo("invalid");
        assertThat(third.get("reasons").get(0).get("code").asText()).isEqualTo("bad_checksum");
        String xml = Files.readString(junit);
        assertThat(xml).contains("<testsuite name=\"" + FIXTURES.resolve("negative/bad-checksum.pcap") + "\" tests=\"3\" failures=\"1\"")
                .contains("<failure type=\"bad_checksum\"");
    }

    @Test
    void jsonToStdoutReplacesTheTextReport() throws Exception {
        PtpconformRun r = PtpconformRun.of("pcap", "--json", "-", FIXTURES.resolve("valid/ptpmesh-traversal.pcap").toString());
        assertThat(r.exit()).isZero();
        assertThat(WireJson.MAPPER.readTree(r.out()).get("captures").get(0).get("datagrams").asInt()).isEqualTo(36);
    }

    @Test
    void aFileThatIsNotACaptureExitsTwoSayingWhatToGive(@TempDir Path tmp) throws Exception {
        Path notACapture = Files.writeString(tmp.resolve("notes.pcap"), "hello");
        PtpconformRun r = PtpconformRun.of("pcap", notACapture.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("cannot open").contains("pcap or pcapng");
        PtpconformRun missing = PtpconformRun.of("pcap", tmp.resolve("absent.pcap").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist");
    }

    @Test
    void aReportThatCannotBeWrittenIsAUsageError(@TempDir Path tmp) {
        PtpconformRun r = PtpconformRun.of("pcap", "--junit", tmp.resolve("no/such/dir/r.xml").toString(), FIXTURES.resolve("valid").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("cannot write a report");
    }

    @Test
    void badBoundsAreAUsageError() {
        PtpconformRun r = PtpconformRun.of("pcap", "--keepalive-min", "40s", FIXTURES.resolve("valid").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("keepalive bounds");
    }

    @Test
    void aKeyLogOpensTheSealedDatagramsItHasKeysFor(@TempDir Path tmp) throws Exception {
        Path capture = sealedCapture(tmp);
        Path log = Files.writeString(tmp.resolve("keys.log"), SealedDatagrams.keyLogLine(SENDER, SESSION, KEY) + "\n");
        PtpconformRun r = PtpconformRun.of("pcap", "--keylog", log.toString(), capture.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("SEALED        valid   ok").contains("sealed: 34 bytes  KEEPALIVE     valid   ok");
        PtpconformRun json = PtpconformRun.of("pcap", "--keylog", log.toString(), "--json", "-", capture.toString());
        JsonNode sealed = WireJson.MAPPER.readTree(json.out()).get("captures").get(0).get("packets").get(0).get("sealed");
        assertThat(sealed.get("kind").asText()).isEqualTo("KEEPALIVE");
        assertThat(sealed.get("verdict").asText()).isEqualTo("valid");
    }

    @Test
    void withoutAKeyLogASealedDatagramIsShownSealed(@TempDir Path tmp) throws Exception {
        PcapCommand command = new PcapCommand();
        command.environment = name -> null;
        PtpconformRun r = PtpconformRun.ofCommand(command, sealedCapture(tmp).toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("SEALED        valid   ok").contains("note: sealed: no key").doesNotContain("sealed: 34 bytes");
    }

    @Test
    void theKeyLogDefaultsToTheFilePtpmeshKeylogNames(@TempDir Path tmp) throws Exception {
        Path log = Files.writeString(tmp.resolve("keys.log"), SealedDatagrams.keyLogLine(SENDER, SESSION, KEY) + "\n");
        PcapCommand command = new PcapCommand();
        command.environment = name -> name.equals("PTPMESH_KEYLOG") ? log.toString() : null;
        PtpconformRun r = PtpconformRun.ofCommand(command, sealedCapture(tmp).toString());
        assertThat(r.out()).contains("sealed: 34 bytes  KEEPALIVE");
    }

    @Test
    void aBadKeyLogIsAUsageErrorNamingItsLine(@TempDir Path tmp) throws Exception {
        Path log = Files.writeString(tmp.resolve("keys.log"), "# keys\nPTPMESH_SEAL 00 11 22\n");
        PtpconformRun r = PtpconformRun.of("pcap", "--keylog", log.toString(), sealedCapture(tmp).toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("error: key log refused: " + log + ": line 2 has a sender id of 2 hex digits, not 32");
        PtpconformRun missing = PtpconformRun.of("pcap", "--keylog", tmp.resolve("absent.log").toString(), sealedCapture(tmp).toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("error: key log cannot be read");
    }

    /** One SEALED KEEPALIVE (34 bytes inside) from a peer to another, written as a pcap. */
    private static Path sealedCapture(Path tmp) throws Exception {
        byte[] keepalive = Codec.encode(Message.of(MessageKind.KEEPALIVE, SENDER).uint(TlvTypes.MYTS, 0x53a4c0de80000000L).build());
        Path capture = tmp.resolve("sealed.pcap");
        FixtureWriter.write(capture, List.of(new FixtureWriter.Frame(1_000_000L, Endpoint.of("198.51.100.10", 3456),
                Endpoint.of("203.0.113.7", 3456), SealedDatagrams.seal(KEY, SENDER, SESSION, 0, keepalive))));
        return capture;
    }
}
