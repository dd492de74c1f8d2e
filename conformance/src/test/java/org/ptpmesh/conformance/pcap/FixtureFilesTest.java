package org.ptpmesh.conformance.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptpmesh.pcap.CaptureReader;
import org.ptpmesh.pcap.CapturedDatagram;

/**
 * The committed fixtures are exactly what the fixture scripts write, so they can be reviewed as
 * code and regenerated: {@code mvn -pl conformance -am test -Dtest=FixtureFilesTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dptpmesh.writeFixtures=true}.
 */
class FixtureFilesTest {

    private static final boolean WRITE = Boolean.getBoolean("ptpmesh.writeFixtures");

    @Test
    void validFixturesMatchTheirScripts(@TempDir Path tmp) throws Exception {
        check(ValidSessions.all(), Fixtures.valid(), tmp);
    }

    @Test
    void negativeFixturesMatchTheirScripts(@TempDir Path tmp) throws Exception {
        check(NegativeSessions.all(), Fixtures.negative(), tmp);
    }

    /** The pcapng fixture (editcap -F pcapng of the pcap) holds the same datagrams as its pcap. */
    @Test
    void pcapngFixtureHoldsTheSameDatagrams() {
        List<CapturedDatagram> pcap = CaptureReader.read(Fixtures.valid().resolve("ptptest-2014-session.pcap"), p -> true);
        List<CapturedDatagram> pcapng = CaptureReader.read(Fixtures.valid().resolve("ptptest-2014-session.pcapng"), p -> true);
        assertThat(pcapng).hasSameSizeAs(pcap).isNotEmpty();
        for (int i = 0; i < pcap.size(); i++) {
            assertThat(pcapng.get(i).payload()).isEqualTo(pcap.get(i).payload());
            assertThat(pcapng.get(i).timestampMicros()).isEqualTo(pcap.get(i).timestampMicros());
            assertThat(pcapng.get(i).source()).isEqualTo(pcap.get(i).source());
        }
    }

    private static void check(Map<String, List<FixtureWriter.Frame>> sessions, Path dir, Path tmp) throws Exception {
        for (Map.Entry<String, List<FixtureWriter.Frame>> e : sessions.entrySet()) {
            Path committed = dir.resolve(e.getKey());
            if (WRITE) {
                Files.createDirectories(dir);
                FixtureWriter.write(committed, e.getValue());
                continue;
            }
            Path fresh = tmp.resolve(e.getKey());
            FixtureWriter.write(fresh, e.getValue());
            assertThat(committed).as("%s is committed (regenerate with -Dptpmesh.writeFixtures=true)", committed).exists();
            assertThat(Files.readAllBytes(committed)).as("%s is what its script writes", committed)
                    .isEqualTo(Files.readAllBytes(fresh));
        }
    }
}
