package org.ptpmesh.conformance.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every capture in pcap-fixtures/negative/ is rejected for the reason, and at the frame, its
 * README row gives, and no other datagram in it is rejected.
 */
class NegativeCapturesTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (\\d+) \\| `([a-z_]+)` \\|");

    record Expected(long frame, String code) {
    }

    static Map<String, Expected> expectations() throws Exception {
        Map<String, Expected> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Fixtures.negative().resolve("README.md"))) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                m.put(row.group(1), new Expected(Long.parseLong(row.group(2)), row.group(3)));
            }
        }
        return m;
    }

    @Test
    void everyNegativeCaptureIsRejectedForItsReason() throws Exception {
        Map<String, Expected> expected = expectations();
        List<Path> captures = CaptureFiles.under(Fixtures.negative());
        assertThat(captures.stream().map(p -> p.getFileName().toString()))
                .as("every negative capture has a README row and every row a capture")
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        CaptureValidator validator = new CaptureValidator(ValidationOptions.defaults());
        for (Path capture : captures) {
            Expected e = expected.get(capture.getFileName().toString());
            CaptureValidation v = validator.validate(capture);
            assertThat(v.valid()).as("%s is rejected", capture).isFalse();
            for (PacketVerdict p : v.packets()) {
                if (p.frame() == e.frame()) {
                    assertThat(p.violations()).as("%s frame %d", capture, p.frame()).extracting(Finding::code)
                            .containsExactly(e.code());
                } else {
                    assertThat(p.violations()).as("%s frame %d is fine", capture, p.frame()).isEmpty();
                }
            }
            assertThat(v.packets()).as("%s has frame %d", capture, e.frame()).anyMatch(p -> p.frame() == e.frame());
        }
    }
}
