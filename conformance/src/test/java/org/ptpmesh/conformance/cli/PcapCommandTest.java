package org.ptpmesh.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.conformance.tla.SpecLocator;
import org.ptpmesh.wire.json.WireJson;

/** {@code ptpconform pcap}: its exit codes and its three reports. */
class PcapCommandTest {

    private static final Path FIXTURES = SpecLocator.find().orElseThrow().getParent().resolve("pcap-fixtures");

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
}
