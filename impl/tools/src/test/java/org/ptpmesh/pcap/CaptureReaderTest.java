package org.ptpmesh.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.wire.Endpoint;

class CaptureReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsUdpPayloadsForThePortInEitherDirection() throws Exception {
        Endpoint client = Endpoint.of("192.0.2.10", 40000);
        Endpoint server = Endpoint.of("198.51.100.1", 23456);
        Endpoint other = Endpoint.of("198.51.100.2", 53);
        Path pcap = dir.resolve("t.pcap");
        PcapFiles.write(pcap, List.of(
                new PcapFiles.Frame(1_000_001, client, server, new byte[] {1, 2, 3}),
                new PcapFiles.Frame(1_500_000, client, other, new byte[] {9}),
                new PcapFiles.Frame(2_000_000, server, client, new byte[] {4, 5})));
        List<CapturedDatagram> got = CaptureReader.read(pcap, p -> p == 23456);
        assertThat(got).hasSize(2);
        assertThat(got.get(0).frame()).isEqualTo(1);
        assertThat(got.get(0).timestampMicros()).isEqualTo(1_000_001);
        assertThat(got.get(0).source()).isEqualTo(client);
        assertThat(got.get(0).payload()).containsExactly(1, 2, 3);
        assertThat(got.get(1).frame()).isEqualTo(3);
        assertThat(got.get(1).destination()).isEqualTo(client);
    }

    @Test
    void missingAndGarbageFilesAreRefusedWithAClearMessage() throws Exception {
        assertThatThrownBy(() -> CaptureReader.read(dir.resolve("nope.pcap"), p -> true))
                .isInstanceOf(CaptureReader.CaptureException.class).hasMessageContaining("does not exist");
        Path junk = Files.writeString(dir.resolve("junk.pcap"), "not a capture");
        assertThatThrownBy(() -> CaptureReader.read(junk, p -> true))
                .isInstanceOf(CaptureReader.CaptureException.class).hasMessageContaining("cannot open");
    }
}
