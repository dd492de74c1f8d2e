package org.ptpmesh.conformance.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every capture under pcap-fixtures/ except negative/ passes: the valid fixtures, including the
 * ptptest 2014 session in pcap and pcapng, and any capture recorded in the lab and committed there.
 */
class ValidCapturesTest {

    @Test
    void everyCaptureOutsideNegativePasses() {
        Path negative = Fixtures.negative();
        List<Path> captures = CaptureFiles.under(Fixtures.root()).stream().filter(p -> !p.startsWith(negative)).toList();
        assertThat(captures).as("the valid fixtures are there").contains(Fixtures.valid().resolve("ptptest-2014-session.pcap"),
                Fixtures.valid().resolve("ptptest-2014-session.pcapng"), Fixtures.valid().resolve("ptpmesh-traversal.pcap"));
        CaptureValidator validator = new CaptureValidator(ValidationOptions.defaults());
        for (Path capture : captures) {
            CaptureValidation v = validator.validate(capture);
            assertThat(v.packets()).as("%s holds ptpmesh datagrams", capture).isNotEmpty();
            assertThat(v.packets()).as("%s: every datagram valid", capture).allSatisfy(p ->
                    assertThat(p.violations()).as("frame %d %s", p.frame(), p.kind()).isEmpty());
        }
    }

    /** The original ptptest 2014 running, as captured: all five of its kinds, none with MSGKIND, every one valid. */
    @Test
    void theOriginalsOwnSessionPasses() {
        CaptureValidation v = new CaptureValidator(ValidationOptions.defaults())
                .validate(Fixtures.valid().resolve("ptptest-2014-original.pcap"));
        assertThat(v.packets()).hasSizeGreaterThan(300).allSatisfy(p -> assertThat(p.violations()).isEmpty());
        assertThat(v.packets()).extracting(PacketVerdict::kind).containsOnly("REGISTER", "ECHO", "LIST", "PROBE", "SHUTDOWN")
                .contains("REGISTER", "ECHO", "LIST", "PROBE", "SHUTDOWN");
    }

    @Test
    void theLegacySessionHasOnlyInferredKinds() {
        CaptureValidation v = new CaptureValidator(ValidationOptions.defaults())
                .validate(Fixtures.valid().resolve("ptptest-2014-session.pcap"));
        assertThat(v.packets()).extracting(PacketVerdict::kind).containsOnly("REGISTER", "ECHO", "LIST", "PROBE", "SHUTDOWN")
                .contains("REGISTER", "ECHO", "LIST", "PROBE", "SHUTDOWN");
    }
}
